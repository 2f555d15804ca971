"""The district-level files of a pack, made from one plain manifest.

``manifest.json`` lists every file of every site (hash, size, pages, what it
is), every order line and every warning. ``order-summary.csv`` and
``warnings.txt`` are derived from it, so joining the manifests of shard runs
(:func:`merge`) gives exactly what one run over all sites gives.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import SafehavenError
from ..files import write_atomic

FORMAT = 1
MANIFEST, SUMMARY, WARNINGS = "manifest.json", "order-summary.csv", "warnings.txt"
#: Fields every shard of one district must agree on before their manifests are joined.
_SAME = ("format", "generator", "roster", "roster_sha256", "config_sha256", "languages",
         "documents", "docx", "shard_count")


class ManifestError(SafehavenError):
    """A manifest is unreadable, or shard manifests do not belong together."""


def dumps(manifest: dict[str, Any]) -> bytes:
    """Stable JSON: sorted keys, two-space indent, UTF-8, one trailing newline."""
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def summary_csv(manifest: dict[str, Any]) -> bytes:
    """Totals for the whole district: per paper and document, files and copies to print."""
    files: Counter[tuple[str, str, str, int]] = Counter()
    copies: Counter[tuple[str, str, str, int]] = Counter()
    for order in manifest["orders"]:
        key = (order["paper"], order["document"], order["item"], order["sides"])
        files[key] += 1
        copies[key] += order["copies"]
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(("paper", "document", "item", "sides", "files", "copies"))
    for key in sorted(files):
        writer.writerow((*key, files[key], copies[key]))
    totals: Counter[str] = Counter()
    for key, count in copies.items():
        totals[key[0]] += count
    for paper in sorted(totals):
        writer.writerow((paper, "all", "Total copies", "", "", totals[paper]))
    return stream.getvalue().encode("utf-8")


def warnings_text(manifest: dict[str, Any]) -> bytes:
    """Everything a person should know before sending the pack to print."""
    lines = [f"Warnings for the print pack from {manifest['roster']}", ""]
    drafts = _printed_drafts(manifest)
    for tag, count in drafts:
        lines.append(f"draft translation printed: {tag} at {count} site(s); a qualified "
                     "translator has not reviewed it (each page says so)")
    welcome = {r["site"] for r in manifest["files"] if r["document"] == "multilingual"}
    draft_tags = sorted(e["tag"] for e in manifest["languages"] if e["status"] == "draft")
    if welcome and draft_tags:
        lines.append(f"the multilingual poster at {len(welcome)} site(s) holds draft "
                     f"translations: {', '.join(draft_tags)}")
    for warning in manifest["warnings"]:
        where = f"site {warning['site']}: " if warning.get("site") else ""
        lines.append(f"{where}{warning['message']}")
    if len(lines) == 2:
        lines.append("nothing unusual")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _printed_drafts(manifest: dict[str, Any]) -> list[tuple[str, int]]:
    drafts = {entry["tag"] for entry in manifest["languages"] if entry["status"] == "draft"}
    sites: dict[str, set[str]] = {}
    for record in manifest["files"]:
        if record["language"] in drafts:
            sites.setdefault(record["language"], set()).add(record["site"])
    return [(tag, len(sites[tag])) for tag in sorted(sites)]


def write_district(out: Path, manifest: dict[str, Any]) -> list[str]:
    """Write the three district files atomically; returns their names."""
    write_atomic(out / MANIFEST, dumps(manifest))
    write_atomic(out / SUMMARY, summary_csv(manifest))
    write_atomic(out / WARNINGS, warnings_text(manifest))
    return [MANIFEST, SUMMARY, WARNINGS]


def load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ManifestError(f"{path}: cannot read it ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"{path}: not a pack manifest ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ManifestError(f"{path}: not a manifest written by `safehaven pack`")
    return data


def merge(manifests: Sequence[dict[str, Any]], names: Sequence[str]) -> dict[str, Any]:
    """One manifest from the manifests of shard runs, equal to a single run's."""
    if not manifests:
        raise ManifestError("give at least one manifest")
    first = manifests[0]
    for manifest, name in zip(manifests[1:], names[1:], strict=True):
        for key in _SAME:
            if manifest.get(key) != first.get(key):
                raise ManifestError(f"{name}: its {key!r} differs from {names[0]}'s; shards "
                                    "must come from the same roster, texts, config and version")
    shards = [m.get("shard") for m in manifests]
    if None in shards or len(set(shards)) != len(shards):
        raise ManifestError("each manifest must be a different shard (--shard I/N) of one "
                            f"district; got {', '.join(str(s) for s in shards)}")
    merged = {key: value for key, value in first.items()
              if key not in ("sites", "files", "orders", "warnings")}
    merged["shard"], merged["shard_count"] = None, 1
    sites = sorted((s for m in manifests for s in m["sites"]), key=lambda s: s["row"])
    merged["sites"] = sites
    order = {site["folder"]: index for index, site in enumerate(sites)}
    merged["files"] = _by_site(manifests, "files", "site", order)
    ids = {site["id"]: site["folder"] for site in sites}
    merged["orders"] = _by_site(manifests, "orders", "site", {i: order[f] for i, f in
                                                               ids.items()})
    district = [w for w in first["warnings"] if not w.get("site")]
    per_site = [w for m in manifests for w in m["warnings"] if w.get("site")]
    rank = {site["id"]: site["row"] for site in sites}
    merged["warnings"] = district + sorted(per_site, key=lambda w: rank.get(w["site"], 0))
    if len(merged["sites"]) != first.get("site_count"):
        raise ManifestError(f"the shards hold {len(sites)} of the roster's "
                            f"{first.get('site_count')} sites; give every shard's manifest")
    return merged


def _by_site(manifests: Sequence[dict[str, Any]], field: str, key: str,
             order: dict[str, int]) -> list[dict[str, Any]]:
    rows = [row for m in manifests for row in m[field]]
    return sorted(rows, key=lambda row: order[row[key]])  # stable: keeps each site's order
