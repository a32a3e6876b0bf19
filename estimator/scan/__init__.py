"""Find the compute figures in a news text and turn them into checks.

Extraction is regular expressions over English and Chinese number forms: money (``$6
billion``, ``$1.4T``, ``24 billion US dollars``, ``60亿美元``), unit prices (``each H100 costs
$30,000``, ``$25,000 per GPU``, ``每块H100售价2.5万美元``), accelerator counts with their model
(``20,000 Nvidia H100 GPUs``, ``20万块H100``), power (``100-megawatt``, ``100兆瓦``), energy
(``150 MWh``, ``150兆瓦时``: shown, never read as power), durations (``1-2 years``, ``1-2年``)
and spending rates (``a few billion dollars a year``). Each figure keeps its sentence and
character offsets. Chinese numbers are read by one parser (sections split at 亿, then 万, each
Arabic digits or numerals with 千/百/十: ``5千万`` is 5 x 10^7, ``一万二千`` 12,000); a run that is
not a well-formed number, or a number longer than ``MAX_NUMBER_CHARS``, is skipped, not guessed.

Figures in the same or adjacent sentences pair into checks: money with a GPU count (the
implied unit price), a GPU count with power, money with a rate and a duration (runway), and a
unit price that names its model with the catalogue's price. A figure with nothing to pair is
still worked out (what a count costs and draws, how many GPUs a power figure runs) and
reported as ``info``.

The work is linear in the text's length: every number pattern can only start at the start of
a run of digits or numerals and has no two adjacent quantifiers that can match the same
characters, overlapping matches are resolved by a sorted sweep, each figure is paired only with
the ``NEAR`` closest candidates of each kind, and identical checks are evaluated once. It is
also fast (a few MB/s at a news story's density): each pattern is tried only at the places a
few quick scans find where it can start, not at every character.

The package, in the order the work flows: ``numbers`` (reading English and Chinese numbers,
masking runs too long to be a figure), ``starts`` (where a pattern can start, and its matches
tried there only), ``figures`` (the pattern for each kind of figure),
``extract`` (every figure of a text, overlaps resolved: ``Found``), ``pair`` (figures into
checks and infos), ``check`` (``scan()``, with a memo of repeated checks: ``Scan``) and
``emit`` (the ``--emit-claims`` file, written by ``claims.write_claims``).
"""

from __future__ import annotations

from estimator.claims import yaml_string
from estimator.scan.check import INFO, MAX_TEXT, MEMO_SIZE, Memo, Scan, scan
from estimator.scan.emit import claims_yaml
from estimator.scan.extract import Found, extract, split_sentences
from estimator.scan.figures import BARE_PRICE_MAX, Hit
from estimator.scan.numbers import CN_DIGITS, CN_UNITS, MAX_NUMBER_CHARS, SCALE, VAGUE, cn_number, mask_long_numbers
from estimator.scan.pair import COMPUTE_WORDS, NEAR, SAYS_BEFORE, SAYS_CHARS, SAYS_WINDOW, pair

__all__ = [
    "BARE_PRICE_MAX",
    "CN_DIGITS",
    "CN_UNITS",
    "COMPUTE_WORDS",
    "INFO",
    "MAX_NUMBER_CHARS",
    "MAX_TEXT",
    "MEMO_SIZE",
    "NEAR",
    "SAYS_BEFORE",
    "SAYS_CHARS",
    "SAYS_WINDOW",
    "SCALE",
    "VAGUE",
    "Found",
    "Hit",
    "Scan",
    "Memo",
    "claims_yaml",
    "cn_number",
    "extract",
    "mask_long_numbers",
    "pair",
    "scan",
    "split_sentences",
    "yaml_string",
]
