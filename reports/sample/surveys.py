"""surveys/nps rows of one account: an invitation to two contacts every six months while it pays."""

from __future__ import annotations

import datetime as dt

from reports.sample.calendar import add_months, timestamp
from reports.sample.context import AccountContext
from reports.sample.vocabulary import NPS_COMMENTS

SURVEY_MONTHS = 6
RESPONSE_RATE = 0.6
BASE_SCORE = 8


def nps(ctx: AccountContext) -> None:
    """A survey wave every six months, the latest a month before as_of; about 60% answer; scores centre
    on 8 plus the plan's bias (from the day the plan says, e.g. after a champion left, when everyone
    answers); half of the answers carry a comment, never one the account's people already wrote."""
    plan, as_of = ctx.plan, ctx.company.as_of
    rng = ctx.rng("nps")
    waves: list[dt.date] = []
    survey = as_of - dt.timedelta(days=30)
    while survey >= ctx.company.history_start:
        waves.append(survey)
        survey = add_months(survey, -SURVEY_MONTHS)
    number = 0
    written: set[str] = set()
    for survey in reversed(waves):
        if plan.seats_on(survey) == 0:
            continue
        turned = plan.nps_bias_since is not None and survey >= plan.nps_bias_since
        bias = plan.nps_bias if plan.nps_bias_since is None or turned else 1
        for contact in ctx.active_contacts(survey)[:2]:
            number += 1
            answers = rng.random() < RESPONSE_RATE or turned  # a planted turn always gets an answer
            responded = survey + dt.timedelta(days=rng.randint(1, 14)) if answers else None
            score = comment = ""
            if responded is not None:
                value = max(0, min(10, round(rng.gauss(BASE_SCORE + bias, 1.0))))
                score = str(value)
                band = "promoter" if value >= 9 else ("passive" if value >= 7 else "detractor")
                unused = [text for text in NPS_COMMENTS[band] if text not in written]
                comment = rng.choice(unused) if unused and rng.random() < 0.5 else ""
                written.add(comment)
            ctx.rows["surveys/nps"].append(
                [
                    f"Q{plan.index:05d}-{number:03d}",
                    plan.account_id,
                    contact.contact_id,
                    timestamp(survey, 540),
                    timestamp(responded, 900),
                    score,
                    comment,
                ]
            )
