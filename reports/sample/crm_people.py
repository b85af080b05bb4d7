"""crm/accounts and crm/contacts rows of one account."""

from __future__ import annotations

import datetime as dt

from reports.sample.calendar import timestamp
from reports.sample.cells import boolean
from reports.sample.company import person_name
from reports.sample.context import AccountContext, Contact, ascii_slug
from reports.sample.vocabulary import DEPARTMENT_OF_TITLE, DEPARTMENTS, TITLES

CONTACTS_PER_TIER = {"scale": 3, "growth": 5, "enterprise": 7, "strategic": 9}
SENIORITY_MIX = ("c_level", "vp", "director", "manager", "manager", "individual", "individual")


def account(ctx: AccountContext) -> None:
    plan = ctx.plan
    rng = ctx.rng("account")
    created = ctx.relationship_start - dt.timedelta(days=rng.randint(30, 200))
    ctx.rows["crm/accounts"].append(
        [
            plan.account_id,
            plan.name,
            plan.industry,
            plan.employee_count,
            plan.region,
            ctx.ae,
            ctx.csm,
            ctx.sponsor,
            f"A{plan.parent_index:05d}" if plan.parent_index else "",
            timestamp(created, rng.randint(0, 1439)),
        ]
    )


def contacts(ctx: AccountContext) -> None:
    """The customer's people: a champion (most accounts), a sponsor, evangelists, some who left.

    Contact 0 is the champion when there is one (it is the one who leaves when the plan says the
    champion left); contact 1 is the customer sponsor; a successor champion joins after a loss when the
    plan names one.
    """
    plan, as_of = ctx.plan, ctx.company.as_of
    rng = ctx.rng("contacts")
    count = CONTACTS_PER_TIER[plan.tier] + rng.randint(0, 2)
    created = ctx.relationship_start - dt.timedelta(days=60)
    has_champion = plan.champion_left_on is not None or rng.random() < 0.85
    referenceable = plan.reference_mode in ("green", "fatigue")
    evangelists = 2 if referenceable else (1 if rng.random() < 0.12 else 0)
    people: list[tuple[str, bool, bool, dt.date, dt.date | None]] = []  # seniority, champion, sponsor, dates
    for number in range(count):
        if number == 0:
            seniority = rng.choice(("director", "director", "vp", "manager"))
            left = plan.champion_left_on if has_champion else None
            people.append((seniority, has_champion, False, created, left))
            continue
        seniority = rng.choice(("c_level", "vp")) if number == 1 else rng.choice(SENIORITY_MIX)
        left = None
        if number > 1 and rng.random() < 0.08:
            left = created + dt.timedelta(days=rng.randint(100, 900))
            if left > as_of:
                left = None
        people.append((seniority, False, number == 1, created, left))
    if plan.champion_replaced_on is not None:
        people.append(("director", True, False, plan.champion_replaced_on, None))

    names: set[str] = set()
    for number, (seniority, is_champion, is_sponsor, since, left) in enumerate(people):
        name = person_name(rng)
        while name in names:  # one person, one contact: never the same name twice in an account
            name = person_name(rng)
        names.add(name)
        title = rng.choice(TITLES[seniority])
        department = DEPARTMENT_OF_TITLE.get(title) or rng.choice(DEPARTMENTS)
        is_evangelist = 1 <= number <= evangelists
        if is_evangelist and referenceable:
            mode, scope = "unprompted", "external"
        elif is_evangelist:
            mode, scope = rng.choice(("prompted", "unprompted")), rng.choice(("internal", "external"))
        else:
            mode, scope = "none", "none"
        contact = Contact(
            contact_id=f"K{plan.index:05d}-{number:02d}",
            full_name=name,
            seniority=seniority,
            department=department,
            email=f"{ascii_slug(name)}@{ctx.domain}",
            is_champion=is_champion,
            is_sponsor=is_sponsor,
            created_on=since,
            left_on=left,
        )
        ctx.contacts.append(contact)
        ctx.rows["crm/contacts"].append(
            [
                contact.contact_id,
                plan.account_id,
                name,
                title,
                seniority,
                contact.department,
                contact.email,
                boolean(is_champion),
                boolean(is_sponsor),
                boolean(is_evangelist),
                mode,
                scope,
                timestamp(since, 600 + number),
                timestamp(left),
            ]
        )
