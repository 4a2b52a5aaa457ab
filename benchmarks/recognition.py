"""Recognition figures of issue 10 on the team's own gold, printed as a small table.

- Seed pages (``data/sources/seeds/``): recall of the entities the curated graph holds for each page and that the
  page names (gold: ``tests/link/data/seed-gold.yaml``), precision of the linked mentions. Goals 0.9 and 0.95.
  Also a text written after the recogniser was developed (``tests/link/data/held-out*.``), measured alike.
- Citations (``tests/link/data/citations.txt``): recall and precision of the grammar. Goal 0.95 each.
- Speed: mentions in a text of about 100 pages (the seed pages repeated to 300,000 characters).

    python benchmarks/recognition.py [--build DIR]   # default: the build in dist/ (made first when missing)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.builds import ensure_build  # noqa: E402
from dsi_graph.config import Settings  # noqa: E402
from dsi_graph.link.evaluate import read_citation_cases, read_gold, score_citations, score_page  # noqa: E402
from dsi_graph.link.recognise import Recogniser  # noqa: E402
from dsi_graph.stores import open_store  # noqa: E402

GOLD = ROOT / "tests" / "link" / "data" / "seed-gold.yaml"
HELD_OUT = ROOT / "tests" / "link" / "data" / "held-out-gold.yaml"  # a text written after development
CITATIONS = ROOT / "tests" / "link" / "data" / "citations.txt"
PAGE_CHARS = 3_000  # a dense A4 page of text


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit 1 when a goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=str(ROOT / "dist"), help="a build directory (dsi-graph build --out)")
    args = parser.parse_args(argv)
    build = ensure_build(args.build)
    store = open_store(Settings.from_env({}, build_dir=str(build)), build_dir=build)
    started = time.perf_counter()
    recogniser = Recogniser.from_store(store)
    index_seconds = time.perf_counter() - started

    ok = True
    print(f"{'page':36} {'gold':>5} {'found':>6} {'recall':>7} {'linked':>7} {'precision':>10}")
    for page in read_gold(GOLD) + read_gold(HELD_OUT):
        text = (ROOT / page.file).read_text(encoding="utf-8")
        score = score_page(recogniser.mentions(text), page)
        ok &= score.recall >= 0.9 and score.precision >= 0.95
        print(f"{page.source:36} {score.gold:5} {score.found:6} {score.recall:7.3f} {score.linked:7} "
              f"{score.precision:10.3f}")
        for slug in score.missed:
            print(f"{'':4}missed: {slug}")
        for wrong in score.wrong:
            print(f"{'':4}wrong:  {wrong}")

    cases = read_citation_cases(CITATIONS)
    citations = score_citations(cases)
    ok &= citations.recall >= 0.95 and citations.precision >= 0.95
    print(f"\ncitations: {len(cases)} paragraphs, {citations.gold} expected, {citations.linked} found, "
          f"recall {citations.recall:.3f}, precision {citations.precision:.3f}")
    for line in citations.missed:
        print(f"{'':4}missed: {line}")
    for line in citations.wrong:
        print(f"{'':4}wrong:  {line}")

    seeds = "\n\n".join((ROOT / p.file).read_text(encoding="utf-8") for p in read_gold(GOLD))
    long_text = (seeds * (100 * PAGE_CHARS // len(seeds) + 1))[: 100 * PAGE_CHARS]
    started = time.perf_counter()
    mentions = recogniser.mentions(long_text)
    seconds = time.perf_counter() - started
    print(f"\nspeed: index built in {index_seconds:.2f} s; {len(long_text):,} characters (~100 pages) -> "
          f"{len(mentions):,} mentions in {seconds:.2f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
