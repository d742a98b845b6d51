# ruff: noqa: RUF001 -- Cyrillic letters in the name pool are meant, not look-alikes.
"""Case desk benchmark: a seeded synthetic desk, then search, lists, pages, import.

    .venv/bin/python bench/cases.py [--cases 100000] [--acts 1000000] [--scale 0.1]

Builds a throw-away database (SQLite in a temporary RAPPORTEUR_DATA_DIR, or the
database named by RAPPORTEUR_DATABASE_URL, migrated first; use an empty one) and fills
it with bulk inserts through the app's own sealing and blind-index functions
(``cases.sealing``), so search works as in production. Distributions: Zipf-like
names over a Tajik/Russian/Latin pool written in either script, a heavy-tailed
number of acts per case, uncertain dates of every precision, regions and
vocabularies weighted toward the patterns of the case desk. Generated records have
no change-history rows (the app writes one per change; they are not read below).

Then, as one officer with need-to-know (about 1 in 20 cases is theirs):
search by name p50/p95 (``selectors.search_cases`` and the page of 100 the view
decrypts), filtered case list p50/p95 (``selectors.filtered_cases``, page of 100
decrypted), the case page through the Django test client signed in with unlocked
keys, the patterns dashboard (six charts, as the rapporteur and as an analyst), the
country report (built as the worker does, then typeset as PDF and DOCX), and the
import rate (plan + import of a generated 5,000-row CSV).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (Latin, Cyrillic) name pools; the order is the Zipf rank (most common first).
SURNAMES = [
    ("Rahimov", "Раҳимов"), ("Karimov", "Каримов"), ("Saidov", "Саидов"),
    ("Nazarov", "Назаров"), ("Sharipov", "Шарипов"), ("Rakhmonov", "Рахмонов"),
    ("Yusupov", "Юсупов"), ("Davlatov", "Давлатов"), ("Mirzoev", "Мирзоев"),
    ("Sattorov", "Сатторов"), ("Kholov", "Холов"), ("Umarov", "Умаров"),
    ("Hakimov", "Ҳакимов"), ("Khudoyorov", "Худоёров"), ("Ismoilov", "Исмоилов"),
    ("Safarov", "Сафаров"), ("Sodiqov", "Содиқов"), ("Jurayev", "Ҷураев"),
    ("Qodirov", "Қодиров"), ("Abdulloev", "Абдуллоев"), ("Boboev", "Бобоев"),
    ("Ivanov", "Иванов"), ("Petrov", "Петров"), ("Smirnov", "Смирнов"),
    ("Olimov", "Олимов"), ("Nabiev", "Набиев"), ("Latipov", "Латипов"),
    ("Shohimmat", "Шоҳиммат"), ("Gulov", "Гулов"), ("Zoirov", "Зоиров"),
    ("Ghafurov", "Ғафуров"), ("Tursunov", "Турсунов"), ("Fayzulloev", "Файзуллоев"),
    ("Mahmadaliev", "Маҳмадалиев"), ("Kurbonov", "Қурбонов"), ("Ergashev", "Эргашев"),
    ("Yorov", "Ёров"), ("Amonov", "Амонов"), ("Vohidov", "Воҳидов"), ("Pirov", "Пиров"),
]  # fmt: skip
GIVEN = [
    ("Daler", "Далер"), ("Farrukh", "Фаррух"), ("Zarina", "Зарина"), ("Nigina", "Нигина"),
    ("Rustam", "Рустам"), ("Malika", "Малика"), ("Ilhom", "Илҳом"), ("Firuza", "Фируза"),
    ("Parviz", "Парвиз"), ("Shahlo", "Шаҳло"), ("Komron", "Комрон"), ("Nilufar", "Нилуфар"),
    ("Bakhtiyor", "Бахтиёр"), ("Safina", "Сафина"), ("Mirzo", "Мирзо"), ("Gulnora", "Гулнора"),
    ("Alisher", "Алишер"), ("Dilnoza", "Дилноза"), ("Sherzod", "Шерзод"), ("Oleg", "Олег"),
    ("Anna", "Анна"), ("Umed", "Умед"), ("Mehrangez", "Меҳрангез"), ("Jamshed", "Ҷамшед"),
]  # fmt: skip
# Feminine surname endings: -ov -> -ova, -ev -> -eva in both scripts.
FEMININE_GIVEN = {"Zarina", "Nigina", "Malika", "Firuza", "Shahlo", "Nilufar", "Safina",
                  "Gulnora", "Dilnoza", "Anna", "Mehrangez"}  # fmt: skip
PLACES = [
    ("Dushanbe", "Душанбе", "tj_dushanbe"), ("Khujand", "Хуҷанд", "tj_sughd"),
    ("Bokhtar", "Бохтар", "tj_khatlon"), ("Kulob", "Кӯлоб", "tj_khatlon"),
    ("Khorog", "Хоруғ", "tj_gbao"), ("Istaravshan", "Истаравшан", "tj_sughd"),
    ("Vahdat", "Ваҳдат", "tj_republican_subordination"), ("Panjakent", "Панҷакент", "tj_sughd"),
    ("Rasht", "Рашт", "tj_republican_subordination"), ("Ishkoshim", "Ишкошим", "tj_gbao"),
]  # fmt: skip
ACT_KEYS = ["arrest", "summons_interrogation", "pre_trial_detention", "search_home_office",
            "device_seizure", "inspection", "threats", "criminal_charges", "smear_campaign",
            "online_harassment", "closed_trial", "physical_attack", "travel_ban",
            "device_hacking", "accreditation_denial", "licence_loss", "forced_return",
            "un_reprisal"]  # fmt: skip
PERPETRATOR_KEYS = ["state_security_committee", "police", "prosecutor", "court",
                    "tax_authority", "ministry_of_justice", "online_accounts",
                    "non_state_actor", "ministry_of_foreign_affairs",
                    "communications_service"]  # fmt: skip
LAW_KEYS = ["tj_cc_307", "tj_cc_307_1", "tj_law_extremism", "tj_cc_307_3", "tj_cc_189",
            "tj_law_public_associations", "tj_law_terrorism", "tj_cc_330", "tj_law_media",
            "tj_cc_137", "tj_law_aml_cft"]  # fmt: skip
PROFESSION_KEYS = ["journalist", "blogger", "lawyer", "ngo_member", "activist", "relative",
                   "judge", "environmental_defender"]  # fmt: skip
WORDS = [
    "arrested",
    "detained",
    "questioned",
    "home",
    "office",
    "laptop",
    "phone",
    "confiscated",
    "charged",
    "extremism",
    "article",
    "court",
    "trial",
    "lawyer",
    "family",
    "summoned",
    "security",
    "committee",
    "inspection",
    "report",
    "grants",
    "posts",
    "article",
    "journalist",
    "threatened",
    "online",
    "fake",
    "задержан",
    "допрошен",
    "обыск",
    "телефон",
    "суд",
    "адвокат",
    "семья",
    "угрозы",
    "публикации",
    "боздошт",
    "бозпурсӣ",
    "суд",
    "адвокат",
    "оила",
    "таҳдид",
]
PRECISIONS = [("exact", 45), ("month", 25), ("season", 7), ("year", 12),
              ("approximate", 6), ("unknown", 5)]  # fmt: skip
PAGE = 100


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1 / (rank**s) for rank in range(1, n + 1)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class Names:
    """Zipf-distributed names; a person's name is in Latin (40 %) or Cyrillic script."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.surname_w = zipf_weights(len(SURNAMES))
        self.given_w = zipf_weights(len(GIVEN), 0.8)

    def person(self) -> tuple[str, bool]:
        given = self.rng.choices(GIVEN, self.given_w)[0]
        surname = self.rng.choices(SURNAMES, self.surname_w)[0]
        female = given[0] in FEMININE_GIVEN
        latin = self.rng.random() < 0.4
        g, s = (given[0], surname[0]) if latin else (given[1], surname[1])
        if female:
            s += "a" if latin else "а"
        return f"{g} {s}", female


def uncertain(rng: random.Random) -> Any:
    from rapporteur.cases.dates import Precision, UncertainDate

    precision = rng.choices([p for p, _ in PRECISIONS], [w for _, w in PRECISIONS])[0]
    if precision == "unknown":
        return UncertainDate.unknown()
    # Recent years heavier: 2015-2024, triangular toward 2022.
    year = int(rng.triangular(2015, 2025, 2022.5))
    day = date(min(year, 2024), 1, 1) + timedelta(days=rng.randrange(365))
    margin = rng.choice([5, 10, 15, 30]) if precision == "approximate" else 0
    return UncertainDate(day, Precision(precision), margin)


def acts_per_case(rng: random.Random, cases: int, acts: int) -> list[int]:
    """Heavy-tailed (log-normal) counts, at least one act each, summing to ``acts``."""
    weights = [rng.lognormvariate(0, 1.0) for _ in range(cases)]
    total = sum(weights)
    spare = max(0, acts - cases)
    counts = [1 + int(w / total * spare) for w in weights]
    for i in rng.sample(range(cases), k=min(cases, max(0, acts - sum(counts)))):
        counts[i] += 1
    return counts


# ----------------------------------------------------------------- parallel sealing

_DESK_KEY: Any = None


def _init_sealer(version: int, public_key: bytes) -> None:
    global _DESK_KEY
    from rapporteur.vault.models import DeskKey

    _DESK_KEY = DeskKey(version=version, public_key=public_key)


def _seal_many(payloads: list[dict[str, Any]]) -> list[bytes]:
    from rapporteur.vault import sealing

    return [sealing.seal_record(data=data, desk_key=_DESK_KEY) for data in payloads]


class Sealer:
    """``vault.sealing.seal_record`` (what the apps call) spread over the CPU cores."""

    def __init__(self, desk_key: Any) -> None:
        self.pool = get_context("fork").Pool(
            os.cpu_count() or 1,
            initializer=_init_sealer,
            initargs=(desk_key.version, bytes(desk_key.public_key)),
        )

    def seal(self, payloads: list[dict[str, Any]]) -> list[bytes]:
        size = max(1, len(payloads) // ((os.cpu_count() or 1) * 4))
        chunks = [payloads[i : i + size] for i in range(0, len(payloads), size)]
        return [envelope for part in self.pool.map(_seal_many, chunks) for envelope in part]

    def close(self) -> None:
        self.pool.close()
        self.pool.join()


# ----------------------------------------------------------------------- generation


def generate(*, cases: int, acts: int, seed: int, officers: list[Any], keys: dict) -> None:
    from django.db import connection, transaction

    from rapporteur.cases import sealing
    from rapporteur.cases.models import (
        Act,
        Case,
        Event,
        Involvement,
        Membership,
        Person,
        SearchToken,
        Term,
    )
    from rapporteur.cases.regions import code_of_term
    from rapporteur.cases.services.records import date_columns
    from rapporteur.vault.selectors import current_desk_key

    rng = random.Random(seed)
    names = Names(rng)
    desk_key = current_desk_key()
    version = desk_key.version
    index_key = sealing.index_keys({version: keys[version]})[version]
    token_cache: dict[str, str] = {}

    def tokens(terms: list[str]) -> list[str]:
        missing = [t for t in dict.fromkeys(terms) if t not in token_cache]
        if missing:
            token_cache.update(
                zip(missing, sealing.tokens(terms=missing, index_key=index_key), strict=True)
            )
        return list(dict.fromkeys(token_cache[t] for t in terms))

    terms = {(t.list_name, t.key): t for t in Term.objects.exclude(key="")}
    act_types = [terms[("types_of_acts", k)] for k in ACT_KEYS]
    act_w = zipf_weights(len(act_types), 0.9)
    perps = [terms[("types_of_perpetrators", k)] for k in PERPETRATOR_KEYS]
    perp_w = zipf_weights(len(perps), 0.9)
    laws = [terms[("legal_provisions", k)] for k in LAW_KEYS]
    law_w = zipf_weights(len(laws))
    professions = [terms[("occupation", k)] for k in PROFESSION_KEYS]
    prof_w = zipf_weights(len(professions), 0.7)
    regions = {key: terms[("regions", key)] for _, _, key in PLACES}
    region_codes = {key: code_of_term(term) for key, term in regions.items()}
    place_w = zipf_weights(len(PLACES), 1.0)
    owner_w = zipf_weights(len(officers), 0.5)
    counts = acts_per_case(rng, cases, acts)
    sealer = Sealer(desk_key)
    connection.close()  # the pool forked with no open connection; reopen here
    act_legal = Act.legal_provisions.through
    case_persons = Case.persons.through
    chunk = 1000
    try:
        for start in range(0, cases, chunk):
            n = min(chunk, cases - start)
            with transaction.atomic():
                specs = []
                for i in range(start, start + n):
                    country = "TJ" if rng.random() < 0.9 else rng.choice(["KG", "UZ", "KZ", "RU"])
                    people = [names.person() for _ in range(1 + (rng.random() < 0.3))]
                    narrative = " ".join(rng.choices(WORDS, k=rng.randint(8, 20)))
                    specs.append((i, country, people, narrative))
                case_envs = sealer.seal(
                    [{"title": f"Case of {p[0][0]}", "summary": nar} for _, _, p, nar in specs]
                )
                case_objs = [
                    Case(
                        owner=rng.choices(officers, owner_w)[0],
                        country=country,
                        status=rng.choices(["open", "monitoring", "closed"], [50, 25, 25])[0],
                        risk=rng.choices(["low", "medium", "high", "imminent"], [20, 45, 28, 7])[0],
                        opened_on=date(2015, 1, 1) + timedelta(days=rng.randrange(3600)),
                        desk_key=desk_key,
                        envelope=env,
                    )
                    for (_, country, _, _), env in zip(specs, case_envs, strict=True)
                ]
                Case.objects.bulk_create(case_objs, batch_size=500)
                Membership.objects.bulk_create(
                    [
                        Membership(case=c, user=rng.choice(officers), can_write=rng.random() < 0.7)
                        for c in case_objs
                        if rng.random() < 0.1
                    ],
                    batch_size=500,
                    ignore_conflicts=True,
                )
                person_specs = [
                    (c, name, female)
                    for c, (_, _, people, _) in zip(case_objs, specs, strict=True)
                    for name, female in people
                ]
                person_envs = sealer.seal(
                    [
                        {"name": name, "other_names": "", "narrative": ""}
                        for _, name, _ in person_specs
                    ]
                )
                persons = [
                    Person(
                        kind="individual",
                        profession=rng.choices(professions, prof_w)[0],
                        sex="020000000000" if female else "010000000000",
                        country=c.country,
                        desk_key=desk_key,
                        envelope=env,
                    )
                    for (c, _, female), env in zip(person_specs, person_envs, strict=True)
                ]
                Person.objects.bulk_create(persons, batch_size=500)
                case_persons.objects.bulk_create(
                    [case_persons(case_id=c.pk, person_id=p.pk)
                     for (c, _, _), p in zip(person_specs, persons, strict=True)],
                    batch_size=1000,
                )  # fmt: skip
                victims: dict[int, list[Any]] = {}
                for (c, _, _), p in zip(person_specs, persons, strict=True):
                    victims.setdefault(c.pk, []).append(p)
                # Events: one per about three acts, chained in order.
                event_specs = []
                for c, (i, _, _, _) in zip(case_objs, specs, strict=True):
                    for _ in range(max(1, (counts[i] + 2) // 3)):
                        event_specs.append(c)
                event_envs = sealer.seal(
                    [{"title": rng.choice(WORDS), "description": " ".join(rng.choices(WORDS, k=10))}
                     for _ in event_specs]
                )  # fmt: skip
                events = [
                    Event(case=c, desk_key=desk_key, envelope=env)
                    for c, env in zip(event_specs, event_envs, strict=True)
                ]
                Event.objects.bulk_create(events, batch_size=500)
                events_of: dict[int, list[Any]] = {}
                for e in events:
                    events_of.setdefault(e.case_id, []).append(e)
                act_specs = []
                case_terms: dict[int, list[str]] = {}
                for c, (i, country, people, narrative) in zip(case_objs, specs, strict=True):
                    found = case_terms.setdefault(c.pk, [])
                    found += sealing.name_terms(f"Case of {people[0][0]}")
                    found += sealing.narrative_terms(narrative)
                    for name, _ in people:
                        found += sealing.name_terms(name)
                    for k in range(counts[i]):
                        latin, cyrillic, region = rng.choices(PLACES, place_w)[0]
                        place = latin if rng.random() < 0.5 else cyrillic
                        found += sealing.name_terms(place)
                        act_specs.append((c, k, place, region if country == "TJ" else None))
                act_envs = sealer.seal(
                    [{"place": place, "stated_reason": ""} for _, _, place, _ in act_specs]
                )
                act_objs = []
                for (c, k, _, act_region), env in zip(act_specs, act_envs, strict=True):
                    start_date = uncertain(rng)
                    own_events = events_of[c.pk]
                    act_objs.append(
                        Act(
                            case=c,
                            event=own_events[min(len(own_events) - 1, k // 3)],
                            act_type=rng.choices(act_types, act_w)[0],
                            victim=rng.choice(victims[c.pk]),
                            country=c.country,
                            region=regions[act_region] if act_region else None,
                            region_code=region_codes.get(act_region or "", ""),
                            desk_key=desk_key,
                            envelope=env,
                            **date_columns("start", start_date),
                            **date_columns(
                                "end",
                                uncertain(rng) if rng.random() < 0.2 else start_date.unknown(),
                            ),
                        )
                    )
                Act.objects.bulk_create(act_objs, batch_size=500)
                act_legal.objects.bulk_create(
                    [
                        act_legal(act_id=a.pk, term_id=law.pk)
                        for a in act_objs
                        if rng.random() < 0.3
                        for law in set(rng.choices(laws, law_w, k=rng.randint(1, 2)))
                    ],
                    batch_size=2000,
                )
                Involvement.objects.bulk_create(
                    [
                        Involvement(act_id=a.pk, perpetrator_type=perp)
                        for a in act_objs
                        for perp in set(rng.choices(perps, perp_w, k=rng.randint(1, 2)))
                    ],
                    batch_size=2000,
                )
                SearchToken.objects.bulk_create(
                    [
                        SearchToken(case_id=case_id, token=token, key_version=version)
                        for case_id, found in case_terms.items()
                        for token in tokens(found)
                    ],
                    batch_size=2000,
                )
            done = start + n
            if done % (chunk * 10) == 0 or done == cases:
                print(f"  generated {done:,} cases", flush=True)
    finally:
        sealer.close()


# ----------------------------------------------------------------------- measurement


def timed(function: Callable[[], Any], runs: int) -> list[float]:
    function()  # warm-up, outside the figures
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(1000 * (time.perf_counter() - started))
    return times


def report(label: str, times: list[float], target: float | None) -> None:
    p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
    verdict = ""
    if target is not None:
        verdict = f"  target p95 < {target:.0f} ms: {'met' if p95 < target else 'MISSED'}"
    print(f"{label:<44} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  (n={len(times)}){verdict}")


def measure(*, officer: Any, keys: dict, rng: random.Random, runs: int) -> None:
    from rapporteur.cases import selectors
    from rapporteur.vault import sealing

    def queries() -> Iterator[str]:
        weights = zipf_weights(len(SURNAMES))
        while True:
            latin, cyrillic = rng.choices(SURNAMES, weights)[0]
            yield latin if rng.random() < 0.5 else cyrillic

    names = queries()

    def search(decrypt: bool) -> Callable[[], Any]:
        def run() -> Any:
            found = selectors.search_cases(officer, query=next(names), desk_keys=keys)
            page = list(found.select_related("desk_key")[:PAGE])
            if decrypt:
                return [sealing.open_record(c, keys) for c in page]
            return page

        return run

    report("search by name (selector, page of 100)", timed(search(False), runs), 100)
    report("search by name + page decrypted (view work)", timed(search(True), runs), None)

    act_codes = [k for k in ACT_KEYS[:8]]
    from rapporteur.cases.models import Term

    codes = dict(
        Term.objects.filter(list_name="types_of_acts", key__in=act_codes).values_list("key", "code")
    )

    def filtered(decrypt: bool) -> Callable[[], Any]:
        def run() -> Any:
            year = rng.randint(2016, 2024)
            filters: dict[str, Any] = {
                "status": rng.choice(["open", "", "monitoring"]),
                "country": rng.choice(["TJ", "", ""]),
                "act_type": codes[rng.choice(act_codes)] if rng.random() < 0.7 else "",
                "since": date(year, 1, 1) if rng.random() < 0.6 else None,
                "until": date(year, 12, 31) if rng.random() < 0.6 else None,
                "certain_only": rng.random() < 0.3,
            }
            qs = selectors.filtered_cases(officer, **{k: v for k, v in filters.items() if v})
            page = list(qs.select_related("desk_key")[:PAGE])
            if decrypt:
                return [sealing.open_record(c, keys) for c in page]
            return page

        return run

    report("filtered case list (selector, page of 100)", timed(filtered(False), runs), 200)
    report("filtered case list + page decrypted (view)", timed(filtered(True), runs), None)


def measure_page(*, officer: Any, runs: int, rng: random.Random) -> None:
    from django.test import Client
    from django.urls import reverse

    from rapporteur.cases.selectors import visible_cases
    from rapporteur.testing.cases import sign_in_with_keys

    client = sign_in_with_keys(officer, Client(HTTP_HOST="localhost"))
    ids = list(visible_cases(officer).values_list("pk", flat=True)[:5000])
    sample = [rng.choice(ids) for _ in range(runs)]
    from rapporteur.cases.models import Act

    sizes = [Act.objects.filter(case_id=pk).count() for pk in sample]

    def run() -> None:
        pk = sample.pop() if sample else ids[0]
        response = client.get(reverse("cases:detail", args=[pk]))
        if response.status_code != 200:
            raise RuntimeError(f"case page answered {response.status_code}")

    report(
        f"case page render (acts per page: median {statistics.median(sizes):.0f}, "
        f"max {max(sizes)})",
        timed(run, runs - 1),
        None,
    )


def measure_insights(*, rapporteur: Any, analyst: Any, runs: int) -> None:
    """The patterns dashboard (six charts and the comparison, rendered) as the
    rapporteur (exact figures) and as an analyst (suppression applied): first with
    fresh tallies, then after a case write, from the tallies it has while the
    rebuild is queued (the page says when they count up to), and last asked for the
    latest figures, counting the acts themselves."""
    from django.test import Client
    from django.urls import reverse

    from rapporteur.audit.services import record
    from rapporteur.audit.tags import AuditTag
    from rapporteur.insights import tallies
    from rapporteur.testing.personas import sign_in

    started = time.perf_counter()
    tallies.rebuild()
    print(
        f"{'tallies rebuilt (background job)':<44} {time.perf_counter() - started:8.1f} s  "
        f"({tallies.ActTally.objects.count():,} act rows, "
        f"{tallies.VictimTally.objects.count():,} victim rows)"
    )
    queries = {
        "one year by month": "?start=2022-01-01&end=2022-12-31&interval=month",
        "ten years by year": "?start=2015-01-01&end=2024-12-31&interval=year",
        "one country, 2 years by quarter": "?start=2021-01-01&end=2022-12-31"
        "&interval=quarter&country=TJ",
    }
    clients = {
        who: sign_in(Client(HTTP_HOST="localhost"), user)
        for who, user in (("rapporteur", rapporteur), ("analyst", analyst))
    }

    def page(client: Any, query: str) -> Callable[[], None]:
        def run() -> None:
            response = client.get(reverse("insights:dashboard") + query)
            if response.status_code != 200:
                raise RuntimeError(f"dashboard answered {response.status_code}")

        return run

    for who, client in clients.items():
        for label, query in queries.items():
            report(f"dashboard, {who}: {label}", timed(page(client, query), runs), 300)
    # A case write after the build: the page answers from the tallies it has, saying
    # when they count up to, while the rebuild runs; asked for the latest figures
    # (and once the tallies are too old) it counts the acts themselves.
    record(tag=AuditTag.CASE_CHANGED, actor=rapporteur, target_type="case", target_id=1)
    for label, query in queries.items():
        times = timed(page(clients["analyst"], query), runs)
        report(f"stale tallies, saying so: {label}", times, 300)
    for label, query in queries.items():
        times = timed(page(clients["analyst"], query + "&latest=1"), 3)
        name = f"  latest figures, from the acts: {label}"
        print(f"{name:<44} {max(times):8.1f} ms (3 runs, max)")


def measure_report(*, rapporteur: Any, analyst: Any, runs: int) -> None:
    """The country report for one country and year: the background build (every
    figure, as the worker computes it) and the download (typeset as PDF and as
    DOCX in the request, with the rapporteur's keys: summaries opened there)."""
    from django.test import Client
    from django.urls import reverse

    from rapporteur.insights import services
    from rapporteur.insights.periods import Period
    from rapporteur.testing.cases import sign_in_with_keys
    from rapporteur.testing.personas import sign_in

    year = Period(date(2022, 1, 1), date(2022, 12, 31))
    for who, user in (("rapporteur", rapporteur), ("analyst", analyst)):
        jobs: list[int] = []

        def build(user: Any = user, jobs: list[int] = jobs) -> None:
            job = services.request_report(
                acting_user=user, country="TJ", period=year, language="ru"
            )
            if services.build_report(job_id=job.pk) != "done":
                raise RuntimeError("the report was not built")
            jobs.append(job.pk)

        report(f"country report built, {who}: TJ 2022", timed(build, runs), 10_000)
        if who == "rapporteur":
            client = sign_in_with_keys(user, Client(HTTP_HOST="localhost"))
        else:
            client = sign_in(Client(HTTP_HOST="localhost"), user)
        for fmt in ("pdf", "docx"):

            def fetch(client: Any = client, fmt: str = fmt, jobs: list[int] = jobs) -> None:
                url = reverse("insights:report_download", args=[jobs[-1], fmt])
                response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"the {fmt} download answered {response.status_code}")

            report(f"country report typeset, {who}: {fmt}", timed(fetch, runs), 10_000)


def measure_import(*, officer: Any, keys: dict, rng: random.Random, workdir: Path) -> None:
    from rapporteur.cases.importing import csv_files
    from rapporteur.cases.services import importing, records

    names = Names(rng)
    path = workdir / "import.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "gender", "date", "place", "region", "narrative"])
        for _ in range(5000):
            name, female = names.person()
            when = uncertain(rng)
            latin, cyrillic, _ = rng.choice(PLACES)
            writer.writerow(
                [
                    name,
                    "f" if female else "m",
                    when.to_text() if when.is_known else "",
                    latin if rng.random() < 0.5 else cyrillic,
                    "",
                    " ".join(rng.choices(WORDS, k=12)),
                ]
            )
    mapping = csv_files.ColumnMapping(
        name="name", gender="gender", date="date", place="place", region="region",
        narrative="narrative", constants={"country": "TJ", "act_type": "030101000000"},
    )  # fmt: skip
    case = records.open_case(
        acting_user=officer, title="Import bench", country="TJ", desk_keys=keys
    )
    started = time.perf_counter()
    plan = csv_files.plan_import(path, mapping)
    planned = time.perf_counter()
    result = importing.run_import(case=case, plan=plan, acting_user=officer, desk_keys=keys)
    ended = time.perf_counter()
    rate = result.rows_in / (ended - started)
    print(
        f"{'import (plan + import, 5,000 rows)':<44} {rate:8.0f} rows/s  "
        f"(plan {planned - started:.2f} s, import {ended - planned:.2f} s, "
        f"{result.acts} acts)  target ≥ 2000 rows/s: {'met' if rate >= 2000 else 'MISSED'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--acts", type=int, default=1_000_000)
    parser.add_argument("--scale", type=float, default=1.0, help="Shrink both, e.g. 0.1.")
    parser.add_argument("--runs", type=int, default=200, help="Timed runs per figure.")
    parser.add_argument("--seed", type=int, default=20221209)
    args = parser.parse_args()
    cases, acts = int(args.cases * args.scale), int(args.acts * args.scale)

    workdir = Path(tempfile.mkdtemp(prefix="rapporteur-cases-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapporteur.settings")
    os.environ.setdefault("RAPPORTEUR_MODE", "dev")
    os.environ["RAPPORTEUR_DATA_DIR"] = str(workdir)
    os.environ["RAPPORTEUR_CASES_FILE_STORE"] = str(workdir / "case-files")
    os.environ["RAPPORTEUR_INTAKE_RAM_DIR"] = str(workdir)
    # Cheap passphrase hashing: unlocking is not what is measured.
    os.environ["RAPPORTEUR_VAULT_ARGON2_TIME_COST"] = "1"
    os.environ["RAPPORTEUR_VAULT_ARGON2_MEMORY_KIB"] = "8"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from rapporteur.accounts.permissions import Role
    from rapporteur.testing.cases import desk_keys_of
    from rapporteur.testing.personas import make_staff
    from rapporteur.testing.vault import initialise

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    vendor = connection.vendor
    print(
        f"Rapporteur case desk benchmark: {vendor}, {os.cpu_count()} CPU cores, "
        f"{cases:,} cases, {acts:,} acts (scale {args.scale}), seed {args.seed}"
    )
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rapporteur = make_staff(Role.RAPPORTEUR, "bench-rapporteur")
    officers = [make_staff(Role.OFFICER, f"bench-officer{i}") for i in range(20)]
    initialise(rapporteur, *officers)
    officer = officers[0]
    keys = desk_keys_of(officer)
    print(f"migrated in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    generate(cases=cases, acts=acts, seed=args.seed, officers=officers, keys=keys)
    from rapporteur.cases.models import Act, Case, Person, SearchToken
    from rapporteur.cases.selectors import visible_cases

    generation = time.perf_counter() - started
    print(
        f"generated in {generation:.0f} s: {Case.objects.count():,} cases, "
        f"{Act.objects.count():,} acts, {Person.objects.count():,} persons, "
        f"{SearchToken.objects.count():,} tokens; the officer may see "
        f"{visible_cases(officer).count():,} cases"
    )
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rng = random.Random(args.seed + 1)
    measure(officer=officer, keys=keys, rng=rng, runs=args.runs)
    measure_page(officer=officer, runs=min(args.runs, 50), rng=rng)
    measure_insights(
        rapporteur=rapporteur,
        analyst=make_staff(Role.ANALYST, "bench-analyst"),
        runs=min(args.runs, 50),
    )
    measure_report(
        rapporteur=rapporteur,
        analyst=make_staff(Role.ANALYST, "bench-report-analyst"),
        runs=min(args.runs, 5),
    )
    measure_import(officer=officer, keys=keys, rng=rng, workdir=workdir)
    print(
        json.dumps(
            {"database": vendor, "cases": cases, "acts": acts, "generation_s": round(generation)}
        )
    )


if __name__ == "__main__":
    main()
