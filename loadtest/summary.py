"""Summarise a `make loadtest` run: one Markdown table row per step, from Locust's CSV files.

python loadtest/summary.py loadtest/results/<time>/
"""

import csv
import sys
from pathlib import Path

P95_LIMIT_MS = 300


def aggregated(path: Path) -> tuple[dict, list[dict]]:
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return total, [row for row in rows if row["Name"] != "Aggregated"]


def main(folder: Path) -> None:
    loadavg = {}
    for line in (folder / "loadavg.txt").read_text().splitlines():
        label, *values = line.split()
        loadavg[label] = " ".join(values)
    steps = sorted(folder.glob("users-*_stats.csv"), key=lambda p: int(p.name.split("-")[1].split("_")[0]))
    print((folder / "machine.txt").read_text().strip().replace("\n", "; "))
    print()
    columns = ["step", "visitors", "requests", "req/s", "failures", "median ms", "p95 ms", "p99 ms", "max ms"]
    columns += ["load avg before", "held?"]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    held = None
    for path in [*steps, folder / "viral_stats.csv"]:
        if not path.exists():
            continue
        label = path.name.removesuffix("_stats.csv")
        total, _ = aggregated(path)
        ok = int(total["Failure Count"]) == 0 and float(total["95%"]) <= P95_LIMIT_MS
        if ok and label.startswith("users-"):
            held = label
        print(
            f"| {label} | {label.split('-')[-1] if label.startswith('users-') else 'viral'} "
            f"| {total['Request Count']} | {float(total['Requests/s']):.1f} | {total['Failure Count']} "
            f"| {total['50%']} | {total['95%']} | {total['99%']} | {float(total['Max Response Time']):.0f} "
            f"| {loadavg.get(label, '?')} | {'yes' if ok else 'no'} |"
        )
    print()
    print(f"Highest everyday step held at p95 <= {P95_LIMIT_MS} ms with 0 failures: {held or 'none'}")
    cpu_file = folder / "cpu.txt"
    if cpu_file.exists():
        print()
        print("CPU per request (our processes only, whatever else the machine ran):")
        print(
            "| step | requests | app ms/request | PostgreSQL ms/request | nginx+worker ms/request | total |"
        )
        print("|---|---|---|---|---|---|")
        for line in cpu_file.read_text().splitlines():
            label, hz, *ticks = line.split()
            before, after = [int(t) for t in ticks[:3]], [int(t) for t in ticks[3:]]
            stats = folder / f"{label}_stats.csv"
            if not stats.exists():
                continue
            requests = int(aggregated(stats)[0]["Request Count"]) or 1
            per = [(a - b) * 1000 / int(hz) / requests for a, b in zip(after, before, strict=True)]
            print(f"| {label} | {requests} | {per[0]:.1f} | {per[1]:.1f} | {per[2]:.1f} | {sum(per):.1f} |")
    for path in [*steps, folder / "viral_stats.csv"]:
        if not path.exists():
            continue
        _, rows = aggregated(path)
        print()
        print(f"{path.name.removesuffix('_stats.csv')}: p95 by page")
        for row in sorted(rows, key=lambda r: -float(r["95%"] or 0)):
            print(
                f"  {row['Name']:<34} {row['Request Count']:>7} requests"
                f"  p95 {row['95%']:>5} ms  failures {row['Failure Count']}"
            )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
