"""`gpucost gpus`: the list, one entry with sources, JSON and errors (fixture catalogue)."""

from __future__ import annotations

import json


def test_names(cli) -> None:
    assert cli("gpus", "-q") == (0, "H100-SXM\nNoPrice-X\nNoRental-Z\n", "")


def test_list_table(cli) -> None:
    code, out, _ = cli("gpus")
    assert code == 0
    assert "H100-SXM" in out and "1,275 W" in out and "$30,000 (2024-05)" in out


def test_one_entry_cites_sources_and_marks_the_point_used(cli) -> None:
    code, out, _ = cli("gpus", "h100", "--as-of", "2023-12")
    assert code == 0
    assert out.startswith("H100-SXM (NVIDIA, released 2022-09)")
    assert "source [dgx-h100-guide]: NVIDIA DGX H100/H200 User Guide" in out
    assert "note: 10.2 kW server max / 8 GPUs" in out
    used = [line for line in out.splitlines() if "<- used" in line]
    assert used == ["  price as of 2023-06: $35,000 ($30,000..$40,000)  <- used"]


def test_json(cli) -> None:
    code, out, _ = cli("gpus", "H100", "--json")
    doc = json.loads(out)
    gpu = doc["gpu"]
    assert gpu["name"] == "H100-SXM" and gpu["aliases"] == ["H100", "H100-SXM5"]
    assert gpu["figures"]["tdp"] == {
        "value": 700.0,
        "low": 700.0,
        "high": 700.0,
        "unit": "W/GPU",
        "as_of": None,
        "source": ["nv-h100-ds"],
        "note": None,
    }
    # 989 TFLOP/s per GPU
    assert gpu["figures"]["bf16_dense"]["value"] == 989
    assert [p["as_of"] for p in gpu["price"]] == ["2023-06", "2024-05"]
    assert set(doc["sources"]) == {"nv-h100-ds", "dgx-h100-guide", "test-price"}
    code, out, _ = cli("gpus", "--json")
    assert [g["name"] for g in json.loads(out)["gpus"]] == ["H100-SXM", "NoPrice-X", "NoRental-Z"]


def test_unknown_name(cli) -> None:
    code, out, err = cli("gpus", "H1000")
    assert code == 2 and out == "" and err.startswith("error: unknown accelerator 'H1000' (hint: did you mean")


def test_markdown(cli) -> None:
    code, out, _ = cli("gpus", "--markdown")
    assert out.startswith("| name | vendor | released |")
    assert "| pue | 1.2 (1.1..1.5) |" in out
