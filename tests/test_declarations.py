"""Each number command is declared once (estimator/commands/); the command line, the Python
API, the calc functions, `calc --help` and the README's function table are built from that
declaration. These tests fail when one of them drifts from it.

They run on the bundled catalogue (the fixture has no FP8 figure). SAMPLES gives one valid
value per declared input: a new input fails test_every_input_has_a_sample until it gets one,
and then runs through every check below.
"""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import pytest

from estimator import api
from estimator.commands import SPECS, functions
from estimator.commands.spec import CHOICE, GPU, GRID

ROOT = Path(__file__).resolve().parent.parent

# A valid value for each input, as text the command line and calc both read.
SAMPLES = {
    "budget": "6e9 USD",
    "gpu": "H100",
    "price": "30000 USD",
    "count": "1000",
    "pue": "1.3",
    "electricity": "0.1 USD/kWh",
    "it_overhead": "0.2",
    "grid": "world",
    "burn": "3e9 USD/yr",
    "params": "70e9",
    "tokens": "1.4e12",
    "days": "30",
    "mfu": "0.5",
    "flops": "1e23",
    "rental": "3 USD/GPU/h",
    "precision": "fp8",
    "years": "3",
    "utilization": "0.7",
    "maintenance": "0.05",
}

# The inputs a valid call needs beyond the required ones (train needs compute and a size).
BASE = {"train": {"flops": "1e23", "count": "1000"}}
# Inputs that exclude one in BASE: give this one instead of that one.
INSTEAD = {("train", "params"): ("flops",), ("train", "tokens"): ("flops",), ("train", "days"): ("count",)}
PAIRED = {("train", "params"): "tokens", ("train", "tokens"): "params"}

SHARED = {"format", "json_", "quiet", "explain", "debug", "sensitivity", "sensitivity_of"}


def cases() -> list[tuple[str, str]]:
    return [(name, i.name) for name, spec in SPECS.items() for i in spec.inputs if not i.required]


def given(command: str, extra: str | None = None) -> dict[str, str]:
    """A valid set of inputs for ``command``, with ``extra`` set too."""
    spec = SPECS[command]
    values = {i.name: SAMPLES[i.name] for i in spec.inputs if i.required}
    values.update(BASE.get(command, {}))
    if extra is not None:
        for dropped in INSTEAD.get((command, extra), ()):
            values.pop(dropped, None)
        values[extra] = SAMPLES[extra]
        if (command, extra) in PAIRED:
            values[PAIRED[command, extra]] = SAMPLES[PAIRED[command, extra]]
    return values


def test_every_input_has_a_sample() -> None:
    declared = {i.name for spec in SPECS.values() for i in spec.inputs}
    assert declared == set(SAMPLES)


@pytest.mark.parametrize("command", list(SPECS))
def test_cli_parameters_are_the_declaration(command: str) -> None:

    from cli.main import load_command

    click_command = load_command(command)
    spec = SPECS[command]
    params = {p.name: p for p in click_command.params}
    shared = SHARED | ({"catalogue_file"} if spec.catalogue else set()) | ({"as_of"} if spec.dated else set())
    assert set(params) == {i.name for i in spec.inputs} | shared
    for i in spec.inputs:
        p = params[i.name]
        assert p.required == i.required
        if not i.positional:
            assert i.option in p.opts and (i.short is None or i.short in p.opts)
        assert p.help == i.help if not i.positional else True


@pytest.mark.parametrize("command", list(SPECS))
def test_api_signature_is_the_declaration(command: str) -> None:
    spec = SPECS[command]
    sig = inspect.signature(getattr(api, command))
    names = [p for p in sig.parameters]
    required = [i.name for i in spec.inputs if i.required]
    optional = [i.name for i in spec.inputs if not i.required]
    tail = (["as_of"] if spec.dated else []) + (["catalogue"] if spec.catalogue else [])
    assert names == required + optional + tail
    assert all(sig.parameters[n].kind is inspect.Parameter.KEYWORD_ONLY for n in optional + tail)


def _calc_arg(inp_kind: str, text: str) -> str:
    return text if inp_kind in (GPU, GRID, CHOICE) else f"({text})"


@pytest.mark.parametrize("command, extra", [(c, None) for c in SPECS] + cases())
def test_cli_api_and_calc_agree_on_every_input(cli, bundled, command: str, extra: str | None) -> None:
    """The same inputs through the command line, the API and each calc function of the
    command give the same numbers (the calc function reads every declared keyword)."""
    spec = SPECS[command]
    values = given(command, extra)
    argv = [command]
    for i in spec.inputs:
        if i.name in values:
            argv += [values[i.name]] if i.positional else [i.option, values[i.name]]
    code, out, err = cli(*argv, "--json")
    assert code == 0, err
    shown = json.loads(out)["result"]
    result = getattr(api, command)(**values)
    assert {o.key: o.estimate.typical for o in result.outputs} == {
        k: r["value"] for k, r in shown.items() if r is not None
    }
    for f in spec.functions:
        args = ", ".join(f"{k}={_calc_arg(spec.input(k).kind, v)}" for k, v in values.items())
        computed = {o.key: o.estimate for o in result.outputs}
        if f.output not in computed:
            continue
        got = api.calc(f"{f.name}({args})").primary.estimate
        want = computed[f.output]
        assert (got.low, got.typical, got.high) == (want.low, want.typical, want.high), f.name


def test_every_calc_function_is_in_calc_help_and_the_readme(cli) -> None:
    code, out, _ = cli("calc", "--help")
    assert code == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- generated:functions -->")[1].split("<!-- /generated:functions -->")[0]
    for name, (spec, _) in functions().items():
        assert re.search(rf"\b{name}\b", out), name
        params = ", ".join(i.calc_param for i in spec.inputs)
        assert f"| `{name}` |" in table and f"`{params}`" in table
        # the help wraps the argument list: compare without line breaks
        assert f"({params})" in " ".join(out.split()).replace("( ", "("), name


def test_a_calc_keyword_that_is_not_declared_is_refused() -> None:
    from estimator.errors import CalcError

    with pytest.raises(CalcError, match="train_days has no argument 'speed'"):
        api.calc("train_days(1e23 FLOP, gpu=H100, count=8, speed=2)")
