"""A command's memory over time: RSS and PSS summed over its process tree, and its own, every
half second, beside its output stamped with the seconds since start. ``run.py`` gives only
the peak; this says in which phase it is (reading: main + readers; writing: main + the
writer forked from it) and how the main process grows.

    cd SITE && python bench/memory_timeline.py OUT sphinx-build -M html . _build -j auto

writes ``OUT.tsv`` (seconds, processes, RSS sum, PSS sum, main RSS, main PSS, in MB) and
``OUT.log``, and prints the peaks and the load average.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import psutil

MB = 1024 * 1024


def _copy_stamped(stream, path: str, start: float) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for raw in stream:
            out.write(f"{time.perf_counter() - start:8.2f} "
                      f"{raw.decode('utf-8', errors='replace')}")


def main(out: str, command: list[str]) -> None:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    env.pop("FORCE_COLOR", None)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env=env)
    copier = threading.Thread(target=_copy_stamped, args=(process.stdout, f"{out}.log", start))
    copier.start()
    root = psutil.Process(process.pid)
    peak_rss = peak_pss = 0
    with open(f"{out}.tsv", "w", encoding="utf-8") as table:
        table.write("t\tprocesses\trss_sum\tpss_sum\tmain_rss\tmain_pss\n")
        while process.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            rss = pss = main_rss = main_pss = counted = 0
            for member in tree:
                try:
                    info = member.memory_full_info()
                except psutil.Error:
                    continue
                counted += 1
                rss += info.rss
                pss += info.pss
                if member.pid == process.pid:
                    main_rss, main_pss = info.rss, info.pss
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            table.write(f"{time.perf_counter() - start:.1f}\t{counted}\t{rss / MB:.0f}\t"
                        f"{pss / MB:.0f}\t{main_rss / MB:.0f}\t{main_pss / MB:.0f}\n")
            table.flush()
            time.sleep(0.5)
    copier.join()
    print(f"exit {process.returncode}, {time.perf_counter() - start:.1f} s, peak "
          f"{peak_rss / MB:.0f} MB RSS summed, {peak_pss / MB:.0f} MB PSS summed, load "
          f"{' '.join(f'{load:.1f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
