"""One self-contained HTML report: thread x level grid, 2-D map, audit findings, mapped documents.

Plots are plotly figures; plotly.js is inlined once, so the file opens from disk with no network.
A flat framework (one level) gets no level views: no grid and no level distributions.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd

MAX_GRID_THREADS = 60  # the grid shows the threads spanning most levels, then the largest
MAX_TEXT = 140


def _short(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def level_order(table: pd.DataFrame) -> pd.DataFrame:
    return table.drop_duplicates("level_rank").sort_values("level_rank")[
        ["level", "level_label", "level_rank"]
    ]


def thread_grid(table: pd.DataFrame, limit: int = MAX_GRID_THREADS) -> pd.DataFrame:
    """Threads x levels: how many statements each thread has at each level (threads spanning the
    most levels first, then the largest; at most `limit`)."""
    levels = level_order(table)
    counts = pd.crosstab(table["thread_id"], table["level_rank"]).reindex(
        columns=levels["level_rank"], fill_value=0
    )
    spans = (counts > 0).sum(axis=1)
    order = sorted(counts.index, key=lambda t: (-spans[t], -counts.loc[t].sum(), t))[:limit]
    grid = counts.loc[order]
    grid.columns = levels["level_label"].tolist()
    labels = table.drop_duplicates("thread_id").set_index("thread_id")["thread_label"]
    grid.index = [f"{t} {_short(str(labels[t]), 40)}" for t in order]
    return grid


def map_2d(vectors: np.ndarray) -> np.ndarray:
    """A deterministic 2-D projection of the statement vectors (PCA, full SVD)."""
    from sklearn.decomposition import PCA

    if len(vectors) < 3:
        return np.zeros((len(vectors), 2))
    return PCA(n_components=2, svd_solver="full").fit_transform(vectors)


def grid_figure(table: pd.DataFrame):
    import plotly.graph_objects as go

    grid = thread_grid(table)
    hover = []
    for thread in grid.index:
        thread_id = thread.split(" ", 1)[0]
        members = table[table["thread_id"] == thread_id]
        row = []
        for level in level_order(table).itertuples():
            texts = members[members["level_rank"] == level.level_rank]["text"]
            row.append("<br>".join(html.escape(_short(t, 90)) for t in texts) or "—")
        hover.append(row)
    figure = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=grid.columns.tolist(),
            y=grid.index.tolist(),
            customdata=hover,
            hovertemplate="%{y}<br>%{x}: %{z} statement(s)<br>%{customdata}<extra></extra>",
            colorscale="Blues",
            showscale=True,
            colorbar={"title": "statements"},
        )
    )
    figure.update_layout(
        title="Threads × levels",
        height=max(320, 22 * len(grid) + 120),
        yaxis={"autorange": "reversed"},
        margin={"l": 320},
    )
    return figure


def map_figure(table: pd.DataFrame, vectors: np.ndarray):
    import plotly.graph_objects as go

    xy = map_2d(vectors)
    figure = go.Figure()
    levels = level_order(table)
    flat = len(levels) == 1
    if not flat:  # threads in level order, drawn under the points
        xs, ys = [], []
        for _, members in table.assign(_x=xy[:, 0], _y=xy[:, 1]).groupby("thread_id", sort=True):
            if members["level_rank"].nunique() > 1:
                members = members.sort_values("level_rank", kind="stable")
                xs += members["_x"].tolist() + [None]
                ys += members["_y"].tolist() + [None]
        figure.add_trace(
            go.Scattergl(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": "rgba(120,120,120,0.35)", "width": 1},
                name="threads",
                hoverinfo="skip",
            )
        )
    for level in levels.itertuples():
        mask = (table["level_rank"] == level.level_rank).to_numpy()
        figure.add_trace(
            go.Scattergl(
                x=xy[mask, 0],
                y=xy[mask, 1],
                mode="markers",
                name=str(level.level_label),
                text=[html.escape(_short(t)) for t in table.loc[mask, "text"]],
                hovertemplate="%{text}<extra>" + html.escape(str(level.level_label)) + "</extra>",
                marker={"size": 7 if len(table) < 2000 else 3},
            )
        )
    figure.update_layout(
        title="Statements in 2-D (PCA of the embeddings)"
        + ("" if flat else ", coloured by level, threads joined in level order"),
        height=560,
    )
    return figure


def _table(frame: pd.DataFrame, columns: Sequence[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(row[c]))}</td>" for c in columns) + "</tr>"
        for row in frame.to_dict(orient="records")
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _document_section(result, flat: bool) -> str:
    level = result.level
    parts = [f"<h3>{html.escape(result.document)}</h3>"]
    if level["predicted"] is None:
        parts.append(f"<p class='muted'>{html.escape(level['status'])}</p>")
    else:
        dist = ", ".join(f"{html.escape(k)} {v:.2f}" for k, v in level["distribution"].items())
        parts.append(
            f"<p>Likely level <b>{html.escape(level['predicted'])}</b> "
            f"(confidence {level['confidence']:.2f}; {dist})</p>"
        )
        cues = (level.get("cues") or {}).get("evidence") or []
        if cues:
            parts.append(f"<p>Seniority cues: {html.escape('; '.join(cues))}</p>")
    if flat and level["predicted"] is None and level["status"].startswith("single level"):
        parts[-1] = "<p class='muted'>A flat framework: level inference does not apply.</p>"
    if result.threads:
        rows = pd.DataFrame(result.threads)
        parts.append("<h4>Per-thread coverage</h4>")
        parts.append(_table(rows, ["thread_id", "thread_label", "level", "score"]))
    if result.matches:
        rows = pd.DataFrame(
            [
                {
                    "score": m["score"],
                    "level": m["level"],
                    "statement": _short(m["text"]),
                    "evidence": m["evidence"]["text"],
                    "phrase": (m["evidence"].get("span") or {}).get("text", ""),
                }
                for m in result.matches
            ]
        )
        parts.append("<h4>Closest statements and their evidence</h4>")
        parts.append(_table(rows, ["score", "level", "statement", "evidence", "phrase"]))
    return "\n".join(parts)


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; color: #222; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin-bottom: 1rem; }
th, td { border: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } .muted { color: #777; } .error { color: #b00020; }
"""


def build_report(
    table: pd.DataFrame,
    vectors: np.ndarray,
    findings: pd.DataFrame | None = None,
    documents: Sequence = (),
) -> str:
    """The whole report as one HTML string (plotly.js inlined)."""
    from plotly.offline import get_plotlyjs

    framework = str(table["framework"].iloc[0])
    levels = level_order(table)
    flat = len(levels) == 1
    sections = [
        f"<h1>Ladder report: {html.escape(framework)}</h1>",
        f"<p>{len(table):,} statements in {len(levels)} level(s); "
        f"{table['thread_id'].nunique():,} threads.</p>",
    ]
    figures = []
    if not flat:
        figures.append(("Thread × level grid", grid_figure(table)))
    figures.append(("Map of the statements", map_figure(table, vectors)))
    for i, (title, figure) in enumerate(figures):
        sections.append(f"<h2>{html.escape(title)}</h2>")
        sections.append(figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"plot{i}"))
    if findings is not None:
        sections.append(f"<h2>Audit findings ({len(findings)})</h2>")
        if findings.empty:
            sections.append("<p>No findings.</p>")
        else:
            shown = findings.assign(
                statements=findings["statement_ids"].map(", ".join),
                levels=findings["levels"].map(", ".join),
            )
            sections.append(
                _table(
                    shown, ["finding_id", "severity", "kind", "levels", "statements", "explanation"]
                )
            )
    if documents:
        sections.append(f"<h2>Documents ({len(documents)})</h2>")
        sections += [_document_section(result, flat) for result in documents]
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>Ladder report: {html.escape(framework)}</title><style>{STYLE}</style>"
        f"<script type='text/javascript'>{get_plotlyjs()}</script></head>"
        f"<body>{''.join(sections)}</body></html>\n"
    )
