"""The demo's 35 plans, written and assessed through the plan services.

Every step is taken by the demo user whose role allows it (the region's contact writes and
submits, the central municipality confirms, the office checks, the parties advise, the
ministry decides, the office pays and settles), so the versions, events, advices and history
are those the application itself records. What each plan contains and how far it has come is
data: `demo_data/plans.toml`. Nothing is random.

Idempotent: a programme that already has plans is left alone.
"""

import tomllib
from datetime import date
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from pathlib import Path

from sectorplan.accounts.models import User
from sectorplan.cli.demo_calendar import DemoCalendar, demo_calendar_follow
from sectorplan.core import clock
from sectorplan.plans import services
from sectorplan.plans.constants import PlanState, Verdict
from sectorplan.plans.models import Plan
from sectorplan.plans.selectors import plan_allocation, plan_totals
from sectorplan.programmes.constants import OrganisationKind
from sectorplan.programmes.models import Programme

DATA_FILE = Path(__file__).resolve().parent / "demo_data" / "plans.toml"

#: SZW approved all plans in mid-October 2015; BZK paid in December 2015 (DOMAIN §1).
DECIDED_ON = date(2015, 10, 15)
PAID_ON = date(2015, 12, 15)
PAYMENT_REFERENCE = "BZK uitkering december 2015"
ACTIVITIES_START = date(2015, 10, 1)

#: The assessing parties in the order they advise: the office (as Cedris) first.
ADVISERS = ("bureau", "vng", "sociale-partners")
DEFAULT_ADVICE = {
    "bureau": "Het plan is compleet, past binnen de drie thema's van het kader en blijft "
    "binnen het budget van de regio.",
    "vng": "De centrumgemeente heeft de cofinanciering bevestigd; het plan sluit aan op de "
    "regionale aanpak van de Participatiewet.",
    "sociale-partners": "Het plan versterkt de positie van Wsw-medewerkers en de nieuwe "
    "doelgroep; de inzet op duurzame plaatsingen is helder.",
}

#: How far each state goes along the workflow, in steps of `_PlanLoader`.
_STAGES = {
    PlanState.DRAFT: 0,
    PlanState.AT_MUNICIPALITY: 1,
    PlanState.SUBMITTED: 2,
    PlanState.CHANGES_REQUESTED: 3,
    PlanState.IN_ADVICE: 3,
    PlanState.GRANTED: 4,
    PlanState.SETTLED: 5,
}
#: A second budget line takes 40% of the activity's subsidy.
_LINE_SHARES = [Decimal(3), Decimal(2)]


def demo_plans_load(programme: Programme) -> None:
    """Give each region of the demo programme its plan, unless the programme has plans."""
    if programme.plans.exists():
        return
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    loader = _PlanLoader(programme, data["types"], data.get("targets", {}))
    for spec in data["plans"]:
        with clock.at(loader.calendar.start()):
            loader.load(spec)
    demo_calendar_follow(programme)


class _PlanLoader:
    def __init__(self, programme: Programme, types: dict, targets: dict):
        self.programme = programme
        self.types = types
        self.targets = targets
        self.indicators = {i.code: i for i in programme.indicators.all()}
        self.activity_types = {t.code: t for t in programme.activity_types.all()}
        self.regions = {r.code: r for r in programme.region_set.regions.all()}
        self.users: dict[str, User] = {}
        self.calendar = DemoCalendar(programme, decided_on=DECIDED_ON, paid_on=PAID_ON)
        self.activities_start = ACTIVITIES_START

    def user(self, username: str) -> User:
        # One instance per user, so its memberships are read once.
        if username not in self.users:
            self.users[username] = User.objects.get(username=username)
        return self.users[username]

    def step(self, plan: Plan, action: str, username: str, **payload) -> Plan:
        with clock.at(self.calendar.step(action, payload)):
            return services.plan_transition(
                plan=plan,
                action=action,
                by=self.user(username),
                lock_version=plan.lock_version,
                **payload,
            )

    # --- one plan ---------------------------------------------------------------------------

    def _named(self, username: str, name: str):
        """The region's contact account carries the name the plan gives as its contact
        person: one name for one person, on the plan and on the region's page."""
        account = self.user(username)
        first, _space, last = name.partition(" ")
        if (account.first_name, account.last_name) != (first, last):
            account.first_name, account.last_name = first, last
            account.save(update_fields=["first_name", "last_name"])
        return account

    def load(self, spec: dict) -> None:
        region = self.regions[spec["region"]]
        suffix = region.code.lower()
        contact, municipality = f"regio-{suffix}", f"gemeente-{suffix}"
        stage = _STAGES[spec["state"]]

        plan = services.plan_for_region(programme=self.programme, region=region)
        account = self._named(contact, spec["contact"])
        plan = services.plan_update(
            plan=plan,
            by=account,
            lock_version=plan.lock_version,
            title=spec["title"],
            summary=spec["summary"],
            contact_name=account.get_full_name(),
            contact_email=spec.get("contact_email", self.user(contact).email),
            companies=list(region.organisations.filter(kind=OrganisationKind.SW_COMPANY)),
        )
        activities = self.activities(plan, spec)
        revision = spec.get("revision")
        for position, (data, lines) in enumerate(activities):
            if revision and position == 0:
                data = {**data, "target_group": ""}  # what the office will ask for
            services.activity_save(
                plan=plan,
                by=self.user(contact),
                lock_version=self.lock_version(plan),
                activity=None,
                data=data,
                budget_lines=lines,
            )
        plan.refresh_from_db()
        plan = services.plan_update(
            plan=plan,
            by=self.user(contact),
            lock_version=plan.lock_version,
            targets=self.plan_targets(activities),
        )
        if stage == 0:
            return

        plan = self.step(plan, "submit", contact)
        if stage == 1:
            return
        plan = self.step(plan, "confirm_cofinancing", municipality)
        if revision:
            plan = self.revise(plan, revision, activities[0], contact, municipality)
        if stage == 2:
            return
        if spec["state"] == PlanState.CHANGES_REQUESTED:
            self.step(plan, "request_changes", "bureau", comments=spec["comments"])
            return

        plan = self.step(plan, "open_advice", "bureau")
        # Out for advice: only the parties named have advised so far.
        advisers = spec.get("advised_by", []) if stage == 3 else ADVISERS
        for username in advisers:
            verdict, motivation = spec.get("advice", {}).get(
                username, (Verdict.POSITIVE, DEFAULT_ADVICE[username])
            )
            plan = self.step(plan, "advise", username, verdict=verdict, motivation=motivation)
        if stage == 3:
            return

        granted = plan_totals(plan).subsidy
        plan = self.step(plan, "grant", "szw", amount=granted, decided_on=DECIDED_ON)
        plan = self.step(
            plan,
            "register_payment",
            "bureau",
            amount=granted,
            paid_on=PAID_ON,
            reference=PAYMENT_REFERENCE,
        )
        if extension := spec.get("extension"):
            plan = self.step(
                plan,
                "request_extension",
                contact,
                new_end_date=extension["until"],
                reason=extension["reason"],
            )
            plan = self.step(plan, "decide_extension", "bureau", grant=True)
        if stage == 5:
            settlement = spec["settlement"]
            amount = (granted * settlement["percent"] / 100).quantize(1, ROUND_DOWN)
            self.step(
                plan,
                "settle",
                "bureau",
                amount=amount,
                settled_on=settlement["on"],
                note=settlement["note"],
            )

    def revise(self, plan: Plan, revision, first, contact: str, municipality: str) -> Plan:
        """The office sent the plan back once; the region adds what was missing."""
        section, text = revision
        plan = self.step(plan, "request_changes", "bureau", comments=[(section, text)])
        data, lines = first
        services.activity_save(
            plan=plan,
            by=self.user(contact),
            lock_version=plan.lock_version,
            activity=plan.activities.order_by("position", "id").first(),
            data=data,
            budget_lines=lines,
        )
        plan.refresh_from_db()
        plan = self.step(plan, "submit", contact)
        return self.step(plan, "confirm_cofinancing", municipality)

    @staticmethod
    def lock_version(plan: Plan) -> int:
        plan.refresh_from_db(fields=["lock_version"])
        return plan.lock_version

    # --- content ----------------------------------------------------------------------------

    def activities(self, plan: Plan, spec: dict) -> list[tuple[dict, list[dict]]]:
        """(activity data, budget lines) per activity, in the order of the form."""
        allocation = plan_allocation(plan)
        subsidy = (allocation.subsidy * spec["budget_percent"] / 100).quantize(1, ROUND_DOWN)
        codes = spec["activities"]
        amounts = _split(subsidy, [Decimal(str(self.types[code]["weight"])) for code in codes])
        scale = allocation.subsidy / Decimal(1_000_000)
        ends_on = plan.ends_on or self.programme.execution_ends_on
        result = []
        for code, amount in zip(codes, amounts, strict=True):
            default, override = self.types[code], spec.get("activity", {}).get(code, {})
            people = override.get("people") or max(5, int(5 * round(default["people"] * scale / 5)))
            data = {
                "activity_type": self.activity_types[code],
                "title": override.get("title", default["title"]),
                "description": default["description"],
                "target_group": override.get("target_group", default["target_group"]),
                "people_per_year": people,
                "planned_results": default["results"].format(people=people),
                "starts_on": self.activities_start,
                "ends_on": ends_on,
            }
            result.append((data, self.budget_lines(default["lines"], amount)))
        return result

    def plan_targets(self, activities) -> dict:
        """Indicator → target, from the planned people of the activities (see plans.toml)."""
        targets = {}
        for code, rule in self.targets.items():
            people = sum(
                data["people_per_year"]
                for data, _lines in activities
                if data["activity_type"].code in rule["activity_types"]
            )
            if people and code in self.indicators:
                share = Decimal(str(rule["share"]))
                targets[self.indicators[code]] = max(Decimal(1), (people * share).quantize(1))
        return targets

    def budget_lines(self, descriptions: list[str], amount: Decimal) -> list[dict]:
        shares = _split(amount, _LINE_SHARES[: len(descriptions)])
        ratio = self.programme.cofinancing_ratio
        # The programme's first sources in turn (2015: the central municipality, the company).
        sources = [source["code"] for source in self.programme.cofinancing_sources]
        return [
            {
                "description": description,
                "subsidy": share,
                "cofinancing": (share * ratio).quantize(Decimal("0.01"), ROUND_UP),
                "cofinancing_source": source,
            }
            for description, share, source in zip(descriptions, shares, sources, strict=False)
        ]


def _split(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`total` in whole euros by weight; the last part takes what rounding left over."""
    whole = sum(weights)
    parts = [(total * weight / whole).quantize(1, ROUND_DOWN) for weight in weights[:-1]]
    return [*parts, total - sum(parts)]
