"""The pages and API lists the benchmark measures: one line each.

`url_name` and `kwargs` go to Django's `reverse`; a value in braces is filled from what the
harness reads in the database (`benchmarks.tasks.discover`): `{programme}` (the demo
programme's slug), `{round}` (its last round), `{region}` (a region whose plan its contact can
edit, in the open programme `{plan_programme}`: the demo programme itself is closed),
`{report_table}` (the programme's first answer table, e.g. the SER functions), `{search_term}`
(a word from the programme's data), `{activity_type}` (its first activity type). `user` is
`office` (the programme office) or `region` (that region's contact). A URL name that does not
resolve (an app not there yet) is skipped and said so in the output.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    kwargs: dict = field(default_factory=dict)
    query: str = ""
    user: str = "office"


#: The reference every page is divided by: same server and middleware, a fixed string.
BARE = Page("bare view", "bench-bare")

P = {"slug": "{programme}"}
R = {**P, "round_code": "{round}"}
R_API = {**P, "round": "{round}"}

PAGES = [
    BARE,
    Page("programme dashboard", "dashboard", P),
    Page("plan overview", "plan-overview", P),
    Page("completeness overview", "round-detail", R),
    Page("questionnaire designer", "designer", R),
    Page("programme set-up", "setup", P),
    Page("coverage table", "report-table", {**P, "code": "coverage"}),
    Page("SER table", "report-table", {**P, "code": "{report_table}"}),
    Page("region results", "region-results", {**P, "code": "{region}"}),
    Page(
        "plan edit page",
        "plan-edit",
        {"slug": "{plan_programme}", "code": "{region}"},
        user="region",
    ),
    Page("knowledge search", "knowledge-search", P, query="q={search_term}"),
    Page("who does what", "knowledge-matrix", P, query="column={activity_type}"),
    Page("API programmes", "api-programme-list"),
    Page("API plans", "api-plan-list", P),
    Page("API regions", "api-region-list", P),
    Page("API reports", "api-report-list", R_API),
]
