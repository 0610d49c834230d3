"""Full-text search over the index, with each backend's own engine.

PostgreSQL: a `tsvector` column with the `dutch` configuration (stemming: detacheringen
finds detachering), ranked with `ts_rank`, snippets by `ts_headline`.
SQLite: an FTS5 table (unicode61, accents folded), every word also as a prefix, ranked with
`bm25`, snippets by `snippet()`. Both are made by migration 0002 and kept up to date by
triggers on the entries table.

The user's text is never passed on as query syntax: it is split into words and quoted
phrases here, so quotes, SQL characters and operators are just text.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sectorplan.knowledge.index import MARK_END, MARK_START
from sectorplan.knowledge.models import SearchEntry

TABLE = SearchEntry._meta.db_table
FTS_TABLE = "knowledge_search_fts"
#: Words shorter than this are left out of a search (one letter finds everything).
MIN_WORD = 2
WORD = re.compile(r'"([^"]*)"|(\w+)')


@dataclass(frozen=True)
class Query:
    """What the user asked for: quoted phrases and single words, each at least MIN_WORD long."""

    phrases: tuple[str, ...]
    words: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.phrases and not self.words

    def as_text(self) -> str:
        """For PostgreSQL's websearch_to_tsquery: words and quoted phrases, nothing else."""
        return " ".join([*(f'"{p}"' for p in self.phrases), *self.words])

    def as_fts5(self) -> str:
        """For SQLite's FTS5 MATCH: every part quoted, single words also as a prefix."""
        return " ".join([*(f'"{p}"' for p in self.phrases), *(f'"{w}"*' for w in self.words)])


def parse(text: str) -> Query:
    phrases, words = [], []
    for phrase, word in WORD.findall(text or ""):
        if phrase:
            inner = " ".join(re.findall(r"\w+", phrase))
            if len(inner) >= MIN_WORD:
                phrases.append(inner)
        elif len(word) >= MIN_WORD:
            words.append(word)
    return Query(tuple(phrases), tuple(words))


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def matching(entries: QuerySet, query: Query) -> QuerySet:
    """The entries that match, annotated with `rank` (higher is better) and ordered by it."""
    if _is_postgres():
        tsquery = "websearch_to_tsquery('dutch', %s)"
        text = query.as_text()
        return (
            entries.filter(
                RawSQL(f'"{TABLE}"."vector" @@ {tsquery}', [text], output_field=BooleanField())
            )
            .annotate(rank=RawSQL(f'ts_rank("{TABLE}"."vector", {tsquery})', [text], FloatField()))
            .order_by("-rank", "pk")
        )
    match = query.as_fts5()
    return (
        entries.filter(
            RawSQL(
                f'"{TABLE}"."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)',
                [match],
                output_field=BooleanField(),
            )
        )
        .annotate(
            # bm25 is lower for better matches; titles weigh five times the text.
            rank=RawSQL(
                f"(SELECT -bm25({FTS_TABLE}, 5.0, 1.0) FROM {FTS_TABLE} "
                f'WHERE {FTS_TABLE} MATCH %s AND rowid = "{TABLE}"."id")',
                [match],
                FloatField(),
            )
        )
        .order_by("-rank", "pk")
    )


def marked(text: str) -> SafeString:
    """A snippet as HTML: the text escaped, the matched words in <mark>."""
    # Escaped first: only our own markers become tags.
    return mark_safe(escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def snippets(pks: list[int], query: Query) -> dict[int, tuple[SafeString, SafeString]]:
    """(title, snippet) with the matched words marked, for the entries on one page."""
    if not pks:
        return {}
    with connection.cursor() as cursor:
        if _is_postgres():
            options = (
                f"StartSel={MARK_START}, StopSel={MARK_END}, "
                'MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "'
            )
            whole = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
            cursor.execute(
                "SELECT id, ts_headline('dutch', title, q, %s), ts_headline('dutch', body, q, %s) "
                f"FROM {TABLE}, websearch_to_tsquery('dutch', %s) AS q WHERE id = ANY(%s)",
                [whole, options, query.as_text(), pks],
            )
        else:
            placeholders = ", ".join("%s" for _pk in pks)
            cursor.execute(
                f"SELECT rowid, highlight({FTS_TABLE}, 0, %s, %s), "
                f"snippet({FTS_TABLE}, 1, %s, %s, ' … ', 24) FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})",
                [MARK_START, MARK_END, MARK_START, MARK_END, query.as_fts5(), *pks],
            )
        return {pk: (marked(title), marked(body)) for pk, title, body in cursor.fetchall()}
