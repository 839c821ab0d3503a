#!/usr/bin/env python3
"""Grow an exported items file (onestop catalog export --format json --what items)
to N items for bench/catalog_search.sh: copies of the demo items as the township
centres' own items (code suffix, the township's name in brackets), deterministic."""
import json
import sys

TOWNSHIPS = ["南庄坪街道", "大庸桥街道", "西溪坪街道", "崇文街道", "官黎坪街道", "永定街道",
             "阳湖坪街道", "沙堤街道", "新桥镇", "茅岩河镇", "教字垭镇", "天门山镇"]


def main():
    src, dst, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(src, encoding="utf-8") as f:
        doc = json.load(f)
    base = doc["rows"]
    rows = list(base)
    k = 0
    while len(rows) < total:
        t = TOWNSHIPS[k // len(base) % len(TOWNSHIPS)]
        r = dict(base[k % len(base)])
        r["code"] = "%s-T%02d" % (r["code"], k // len(base) + 1)
        r["name"] = "%s（%s）" % (r["name"], t)
        rows.append(r)
        k += 1
    with open(dst, "w", encoding="utf-8") as f:
        f.write('{"what": "items",\n"rows": [\n')
        f.write(",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
