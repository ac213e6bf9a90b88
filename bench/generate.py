"""Synthetic data for the benchmarks: P provinces × W wards, ~T tips a ward received over
2016–2021 and, per ward, records of every app in about the demo ward's proportions (its
`demo.py`), so that the reports' figures providers count something in every section:

- tips: T tips a ward on average (wards weighted 0.2–1.8× with the default `--spread 0.8`,
  so the smallest and the largest differ ~9×; `--spread 0`: all alike); 5 % of them (closed
  ones) opened a case, clarified, with one or two subjects;
- core_forces: 7 units (the board and street-protection teams dissolved on 1 July 2024, the
  ANTT-protection team from then), ~60 members with a membership each, 2 training courses a
  year (each member on three), ~150 patrols and duty shifts a year with two participants;
- campaigns: a plan, ~120 outreach sessions (topics, a neighbourhood), ~50 broadcasts, a
  festival and two forums (three feedback items each), ~10 gift distributions, fund
  contributions and donations a year, a charity house every other year;
- mediation: a team (five mediators) per neighbourhood, ~13 disputes a year with their
  outcomes (two parties, a session when closed), a record book per team and year;
- models_registry: one model per measured kind (lighting, cameras, gates, patrol, school
  safety, supervision, self-managed households) with their assets, faults, contributions,
  yearly ratings and supervised people.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wardsec_bench \\
        .venv/bin/python bench/generate.py --provinces 1 --wards 200 --tips 5000   # 1M tips

Creates the tables (migrate) if needed. This is bench data, not an officer's work: the rows are
written by PostgreSQL itself (`INSERT … SELECT … FROM generate_series`), one statement per
table and batch of wards, committed per batch — no model `save()`, no signals, no audit
entries, no outbox messages. Tracking codes and PINs are not usable (the digests are
placeholders): the benchmarks read, they do not look up. A ward that already has tips is left
as it is.
"""

# The SQL below is assembled from this file's own constants only (no input reaches it).
# ruff: noqa: S608

from __future__ import annotations

import argparse
import sys
import time

import _setup  # noqa: F401
from django.core.management import call_command
from django.db import connection, transaction
from django_scopes import scopes_disabled

from wards.models import Neighbourhood, Province, Ward

WARDS_PER_BATCH = 20
DAYS = "(date '2016-01-01' + floor(random() * 2192)::int)"  # a day of 2016–2021


class Progress:
    """One line on stderr: a bar, the step done and the seconds since the start."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.started = total, 0, time.perf_counter()

    def step(self, label: str, n: int = 1) -> None:
        self.done += n
        width = 30
        filled = width * self.done // self.total
        seconds = time.perf_counter() - self.started
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
            f"{seconds:5.1f} s  {label:<40}"
        )
        sys.stderr.flush()

    def close(self) -> float:
        sys.stderr.write("\n")
        return time.perf_counter() - self.started


def make_units(provinces: int, wards: int) -> list[Ward]:
    made = []
    for p in range(provinces):
        province, _ = Province.objects.get_or_create(code=f"B{p}", defaults={"name": f"Bench {p}"})
        existing = {w.code: w for w in Ward.objects.filter(province=province)}
        new = [
            Ward(code=f"B{p}-{w}", name=f"Phường {w}", province=province)
            for w in range(wards)
            if f"B{p}-{w}" not in existing
        ]
        created = Ward.objects.bulk_create(new)
        Neighbourhood.objects.bulk_create(
            Neighbourhood(ward=ward, name=f"Khu phố {n + 1}") for ward in created for n in range(5)
        )
        made += [*(existing[c] for c in sorted(existing)), *created]
    return made


def _run(sql: str, params: dict | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})


def _batch_table(ward_ids: list[int], weights: list[float]) -> None:
    """`bw`: the batch's wards with their weight and neighbourhoods (a temporary table)."""
    _run("DROP TABLE IF EXISTS bw")
    _run(
        "CREATE TEMPORARY TABLE bw AS SELECT w.id AS ward_id, x.weight, "
        "(SELECT array_agg(n.id ORDER BY n.id) FROM wards_neighbourhood n WHERE n.ward_id = w.id)"
        " AS nbs FROM unnest(%(ids)s::bigint[], %(weights)s::float8[]) AS x(id, weight)"
        " JOIN wards_ward w ON w.id = x.id",
        {"ids": ward_ids, "weights": weights},
    )


def _pick(array: str) -> str:
    return f"{array}[1 + floor(random() * array_length({array}, 1))::int]"


def _ids(table: str) -> str:
    return f"(SELECT array_agg(id ORDER BY id) FROM {table})"


TIPS = f"""
INSERT INTO tips_tip (id, channel, status, description, occurred_note, location_text,
  is_anonymous, contact_name, contact_phone, contact_email, pin_hash, pin_failed_attempts,
  received_at, outcome, created_at, updated_at, category_id, neighbourhood_id, ward_id,
  code_digest, reference, queue_rank, queue_time)
SELECT id, channel, status, 'Nội dung tin báo tổng hợp cho đo hiệu năng.', '', '', true, '', '',
  '', 'bench', 0, received_at, '', received_at, received_at, category_id, neighbourhood_id,
  ward_id, md5(id::text || 'a') || md5(id::text || 'b'),
  'TB-' || extract(year FROM received_at AT TIME ZONE 'Asia/Ho_Chi_Minh') || '-'
    || lpad(id::text, 6, '0'),
  CASE status WHEN 'new' THEN 0 WHEN 'in_progress' THEN 1 ELSE 2 END,
  CASE status WHEN 'new' THEN 1 ELSE -1 END
    * (extract(epoch FROM received_at) * 1000000)::bigint
FROM (
  SELECT nextval(pg_get_serial_sequence('tips_tip', 'id')) AS id, w.ward_id,
    (ARRAY['web', 'hotline', 'walk_in', 'letter', 'forum', 'app'])[1 + floor(random() * 6)::int]
      AS channel,
    (ARRAY['closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'new', 'in_progress',
      'spam'])[1 + floor(random() * 9)::int] AS status,
    timestamptz '2016-01-01 00:00+07' + random() * interval '2192 days' AS received_at,
    {_pick("c.ids")} AS category_id, {_pick("w.nbs")} AS neighbourhood_id
  FROM bw w CROSS JOIN (SELECT {_ids("tips_offencecategory")} AS ids) c
  CROSS JOIN LATERAL generate_series(1, greatest(1, round(%(tips)s * w.weight)::int)) g
) t
"""

CASES = f"""
INSERT INTO tips_case (number, title, summary, status, opened_on, clarified_on, created_at,
  updated_at, ward_id)
SELECT 'VV-B-' || t.id, 'Vụ việc tổng hợp', '', 'clarified', d, d + 1 + floor(random() * 60)::int,
  now(), now(), t.ward_id
FROM tips_tip t JOIN bw USING (ward_id)
CROSS JOIN LATERAL (SELECT (t.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 2 AS d) x
WHERE t.status = 'closed' AND random() < 0.075;
UPDATE tips_tip t SET case_id = c.id FROM tips_case c JOIN bw USING (ward_id)
WHERE t.id = substr(c.number, 6)::bigint AND c.number LIKE 'VV-B-%%';
INSERT INTO tips_subject (full_name, alias, gender, id_number, address, outcome, outcome_note,
  created_at, updated_at, case_id, offence_id)
SELECT 'Đối tượng', '', '', '', '', '', '', now(), now(), c.id, {_pick("o.ids")}
FROM tips_case c JOIN bw w USING (ward_id)
CROSS JOIN (SELECT {_ids("tips_offencecategory")} AS ids) o
CROSS JOIN LATERAL generate_series(1, CASE WHEN random() < 0.33 + 0 * c.id THEN 2 ELSE 1 END) g;
"""

_UNIT = "SELECT id FROM core_forces_unitkind WHERE code = '{}'"
CORE_FORCES = f"""
INSERT INTO core_forces_forceunit (created_at, updated_at, name, established_on, dissolved_on,
  decision_number, decision_issuer, note, ward_id, kind_id)
SELECT now(), now(), k.name, k.since, k.until, '', '', '', w.ward_id, k.id
FROM bw w CROSS JOIN (
  SELECT id, name, CASE WHEN code = 'antt_protection' THEN date '2024-07-01'
    ELSE date '2012-01-01' END AS since,
    CASE WHEN code IN ('board', 'street_protection') THEN date '2024-07-01' END AS until
  FROM core_forces_unitkind) k;
INSERT INTO core_forces_forcemember (created_at, updated_at, full_name, sex, phone, address,
  national_id, joined_on, left_on, ward_id)
SELECT now(), now(), 'Thành viên ' || g, CASE WHEN g %% 3 = 0 THEN 'female' ELSE 'male' END,
  '', '', '', j, CASE WHEN random() < 0.15 THEN j + 400 + floor(random() * 2000)::int END,
  ward_id
FROM (SELECT w.ward_id, g, date '2010-01-01' + floor(random() * 3650)::int AS j FROM bw w
  CROSS JOIN LATERAL generate_series(1, greatest(5, round(60 * w.weight)::int)) g) s;
INSERT INTO core_forces_unitmembership (created_at, updated_at, role, starts_on, ends_on,
  decision_number, end_reason, member_id, unit_id)
SELECT now(), now(), CASE WHEN m.rn <= 7 THEN 'leader' ELSE 'member' END,
  greatest(m.joined_on, u.established_on), CASE WHEN m.left_on > u.established_on
  THEN m.left_on END, '', '', m.id, u.id
FROM (SELECT f.*, row_number() OVER (PARTITION BY f.ward_id ORDER BY f.id) AS rn
  FROM core_forces_forcemember f JOIN bw USING (ward_id)) m
JOIN (SELECT f.*, row_number() OVER (PARTITION BY f.ward_id ORDER BY f.id) AS un,
  count(*) OVER (PARTITION BY f.ward_id) AS units
  FROM core_forces_forceunit f JOIN bw USING (ward_id) WHERE f.dissolved_on IS NULL
  OR f.dissolved_on > date '2022-01-01') u
  ON u.ward_id = m.ward_id AND u.un = 1 + m.rn %% u.units
WHERE m.left_on IS NULL OR m.left_on > greatest(m.joined_on, u.established_on);
INSERT INTO core_forces_trainingcourse (created_at, updated_at, title, starts_on, ends_on, hours,
  organiser, place, ward_id)
SELECT now(), now(), 'Tập huấn ' || y || '/' || n, d, d + 2, 16, 'Công an phường', '', w.ward_id
FROM bw w CROSS JOIN generate_series(2014, 2021) y CROSS JOIN generate_series(1, 2) n
CROSS JOIN LATERAL (SELECT make_date(y, 3 + 6 * (n - 1), 10) AS d) x;
INSERT INTO core_forces_trainingcourse_topics (trainingcourse_id, trainingtopic_id)
SELECT c.id, t.id FROM core_forces_trainingcourse c JOIN bw USING (ward_id)
JOIN core_forces_trainingtopic t ON t.code IN ('duties', 'law');
INSERT INTO core_forces_trainingattendance (created_at, updated_at, result, certificate_number,
  member_id, course_id)
SELECT DISTINCT ON (m.id, c.id) now(), now(),
  CASE WHEN random() < 0.85 + 0 * m.id THEN 'passed' ELSE 'failed' END, '', m.id, c.id
FROM core_forces_forcemember m JOIN bw USING (ward_id) CROSS JOIN generate_series(0, 2) k
JOIN LATERAL (SELECT id FROM core_forces_trainingcourse c WHERE c.ward_id = m.ward_id
  AND c.starts_on >= m.joined_on ORDER BY c.starts_on OFFSET k * 3 LIMIT 1) c ON true;
INSERT INTO core_forces_patrol (created_at, updated_at, kind, "on", route, status, report,
  tip_reference, unit_id, ward_id)
SELECT now(), now(), CASE WHEN random() < 0.6 THEN 'patrol' ELSE 'shift' END, {DAYS}, '',
  (ARRAY['done', 'done', 'done', 'done', 'done', 'done', 'done', 'done', 'done',
    'cancelled'])[1 + floor(random() * 10)::int], '', '', {_pick("w.units")}, w.ward_id
FROM (SELECT bw.*, (SELECT array_agg(id) FROM core_forces_forceunit u WHERE u.ward_id = bw.ward_id
  AND u.dissolved_on IS NULL AND u.kind_id IN (SELECT id FROM core_forces_unitkind
  WHERE code IN ('motorbike_patrol', 'civil_defence', 'self_managed'))) AS units FROM bw) w
CROSS JOIN LATERAL generate_series(1, greatest(6, round(900 * w.weight)::int)) g;
INSERT INTO core_forces_patrol_participants (patrol_id, forcemember_id)
SELECT DISTINCT p.id, m.ids[1 + (p.id * k %% array_length(m.ids, 1))]
FROM core_forces_patrol p JOIN bw USING (ward_id)
JOIN (SELECT ward_id, array_agg(id) AS ids FROM core_forces_forcemember GROUP BY ward_id) m
  USING (ward_id) CROSS JOIN generate_series(1, 2) k;
"""

CAMPAIGNS = f"""
INSERT INTO campaigns_outreachplan (created_at, updated_at, year, title, reference,
  target_sessions, target_attendances, target_broadcasts, note, ward_id)
SELECT now(), now(), y, 'Kế hoạch tuyên truyền năm ' || y, '', round(120 * w.weight),
  round(9000 * w.weight), round(50 * w.weight), '', w.ward_id
FROM bw w CROSS JOIN generate_series(2016, 2021) y;
INSERT INTO campaigns_outreachsession (created_at, updated_at, held_on, title, attendances,
  leaflets, place, note, format_id, ward_id)
SELECT now(), now(), {DAYS}, 'Buổi tuyên truyền', 20 + floor(random() * 180)::int,
  floor(random() * 300)::int, '', '', {_pick("f.ids")}, w.ward_id
FROM bw w CROSS JOIN (SELECT {_ids("campaigns_outreachformat")} AS ids) f
CROSS JOIN LATERAL generate_series(1, greatest(6, round(720 * w.weight)::int)) g;
INSERT INTO campaigns_outreachsession_topics (outreachsession_id, outreachtopic_id)
SELECT DISTINCT s.id, t.ids[1 + (s.id * k %% array_length(t.ids, 1))]
FROM campaigns_outreachsession s JOIN bw USING (ward_id)
CROSS JOIN (SELECT {_ids("campaigns_outreachtopic")} AS ids) t CROSS JOIN generate_series(1, 2) k;
INSERT INTO campaigns_outreachsession_neighbourhoods (outreachsession_id, neighbourhood_id)
SELECT s.id, w.nbs[1 + s.id %% array_length(w.nbs, 1)]
FROM campaigns_outreachsession s JOIN bw w USING (ward_id);
INSERT INTO campaigns_broadcast (created_at, updated_at, aired_on, programme, airings, note,
  ward_id)
SELECT now(), now(), {DAYS}, 'Bản tin an ninh trật tự', 1 + floor(random() * 5)::int, '',
  w.ward_id
FROM bw w CROSS JOIN LATERAL generate_series(1, greatest(6, round(300 * w.weight)::int)) g;
INSERT INTO campaigns_movementevent (created_at, updated_at, kind, held_on, title, place,
  attendances, note, ward_id)
SELECT now(), now(), CASE WHEN n = 1 THEN 'festival' ELSE 'forum' END,
  make_date(y, (ARRAY[8, 5, 11])[n], 19),
  CASE WHEN n = 1 THEN 'Ngày hội toàn dân bảo vệ ANTQ' ELSE 'Diễn đàn lắng nghe ý kiến' END,
  '', 100 + floor(random() * 500)::int, '', w.ward_id
FROM bw w CROSS JOIN generate_series(2016, 2021) y CROSS JOIN generate_series(1, 3) n;
INSERT INTO campaigns_feedbackitem (created_at, updated_at, content, raised_by, responder,
  deadline, status, answer, answered_on, forwarded_to, ward_id, event_id)
SELECT now(), now(), 'Ý kiến của người dân', '', '', e.held_on + 30, s.status,
  CASE WHEN s.status = 'answered' THEN 'Đã trả lời' ELSE '' END,
  CASE WHEN s.status = 'answered' THEN e.held_on + 20 END,
  CASE WHEN s.status = 'forwarded' THEN 'UBND phường' ELSE '' END, e.ward_id, e.id
FROM campaigns_movementevent e JOIN bw USING (ward_id) CROSS JOIN generate_series(1, 3) k
CROSS JOIN LATERAL (SELECT (ARRAY['answered', 'answered', 'answered', 'forwarded', 'open'])
  [1 + (e.id + k) %% 5] AS status) s;
INSERT INTO campaigns_giftdistribution (created_at, updated_at, distributed_on, packages,
  value_vnd, occasion, note, beneficiary_group_id, ward_id)
SELECT now(), now(), d, p, p * (300000 + floor(random() * 200000)::bigint), 'Tết', '',
  {_pick("b.ids")}, ward_id
FROM (SELECT w.ward_id, {DAYS} AS d, 5 + floor(random() * 95)::int AS p FROM bw w
  CROSS JOIN LATERAL generate_series(1, greatest(2, round(60 * w.weight)::int)) g) s
CROSS JOIN (SELECT {_ids("campaigns_beneficiarygroup")} AS ids) b;
INSERT INTO campaigns_charityhouse (created_at, updated_at, beneficiary, value_vnd,
  handed_over_on, funding_sources, neighbourhood_id, ward_id)
SELECT now(), now(), 'Hộ nghèo', 50000000 + floor(random() * 30000000)::bigint, {DAYS}, '',
  {_pick("w.nbs")}, w.ward_id
FROM bw w CROSS JOIN LATERAL generate_series(1, greatest(1, round(3 * w.weight)::int)) g;
INSERT INTO campaigns_fundcontribution (created_at, updated_at, amount_vnd, contributed_on,
  note, fund_id, ward_id)
SELECT now(), now(), 1000000 * (5 + floor(random() * 45)::bigint), make_date(y, 6, 1) + k * 30,
  '', f.id, w.ward_id
FROM bw w CROSS JOIN generate_series(2016, 2021) y CROSS JOIN campaigns_fund f
CROSS JOIN generate_series(0, 1) k;
INSERT INTO campaigns_donation (created_at, updated_at, received_on, donor_kind, donor_name,
  cash_vnd, in_kind, in_kind_value_vnd, purpose, ward_id)
SELECT now(), now(), {DAYS}, 'organisation', 'Doanh nghiệp trên địa bàn',
  1000000 * (1 + floor(random() * 20)::bigint), 'Gạo', 500000 * floor(random() * 10)::bigint,
  'Tặng quà', w.ward_id
FROM bw w CROSS JOIN LATERAL generate_series(1, greatest(2, round(36 * w.weight)::int)) g;
"""

MEDIATION = f"""
INSERT INTO mediation_mediationteam (created_at, updated_at, name, established_on,
  neighbourhood_id, ward_id)
SELECT now(), now(), 'Tổ hòa giải ' || n.name, date '2014-01-01', n.id, n.ward_id
FROM wards_neighbourhood n JOIN bw USING (ward_id);
INSERT INTO mediation_mediator (created_at, updated_at, full_name, role, starts_on, team_id)
SELECT now(), now(), 'Hòa giải viên ' || k, CASE WHEN k = 1 THEN 'leader' ELSE 'member' END,
  date '2014-01-01', t.id
FROM mediation_mediationteam t JOIN bw USING (ward_id) CROSS JOIN generate_series(1, 5) k;
INSERT INTO mediation_recordbook (created_at, updated_at, year, number, opened_on, closed_on,
  summary, team_id, ward_id)
SELECT now(), now(), y, 'SHG-' || y, make_date(y, 1, 1), make_date(y, 12, 31), '', t.id,
  t.ward_id
FROM mediation_mediationteam t JOIN bw USING (ward_id) CROSS JOIN generate_series(2016, 2021) y;
INSERT INTO mediation_dispute (created_at, updated_at, received_on, source, summary, status,
  closed_on, agreement, obligations, guidance, outcome_note, compliance, neighbourhood_id,
  ward_id, kind_id, team_id)
SELECT now(), now(), d, 'party_request', 'Tranh chấp tổng hợp', st,
  CASE WHEN st <> 'open' THEN d + 5 + floor(random() * 35)::int END,
  CASE WHEN st = 'successful' THEN 'Các bên thống nhất' ELSE '' END, '', '', '',
  CASE WHEN st = 'successful' THEN 'kept' ELSE '' END, nb,
  ward_id, {_pick("k.ids")},
  (SELECT id FROM mediation_mediationteam t WHERE t.neighbourhood_id = nb)
FROM (SELECT w.ward_id, {DAYS} AS d, {_pick("w.nbs")} AS nb,
  (ARRAY['successful', 'successful', 'successful', 'successful', 'successful', 'successful',
    'successful', 'unsuccessful', 'unsuccessful', 'withdrawn', 'outside_scope', 'open'])
    [1 + floor(random() * 12)::int] AS st
  FROM bw w CROSS JOIN LATERAL generate_series(1, greatest(2, round(78 * w.weight)::int)) g) s
CROSS JOIN (SELECT {_ids("mediation_disputekind")} AS ids) k;
INSERT INTO mediation_party (created_at, updated_at, role, full_name, address, phone, dispute_id)
SELECT now(), now(), 'party', 'Bên ' || k, '', '', d.id
FROM mediation_dispute d JOIN bw USING (ward_id) CROSS JOIN generate_series(1, 2) k;
INSERT INTO mediation_mediationsession (created_at, updated_at, held_on, invited, attendees,
  agreed, demands, dispute_id)
SELECT now(), now(), d.closed_on, '', '', d.agreement, '', d.id
FROM mediation_dispute d JOIN bw USING (ward_id) WHERE d.closed_on IS NOT NULL;
"""

_KINDS = (
    "('lighting', 'cameras', 'gates', 'patrol', 'school_safety', 'supervision', 'self_managed')"
)
_ASSETS = (
    "('lighting', 'lighting_segment', 4), ('cameras', 'camera_point', 6), ('gates', 'gate', 5),"
    " ('patrol', 'patrol_team', 2), ('school_safety', 'school_point', 3),"
    " ('self_managed', 'household_group', 8)"
)
MODELS = f"""
INSERT INTO models_registry_preventionmodel (created_at, updated_at, code, name, decision,
  started_on, status, description, kind_id, ward_id)
SELECT now(), now(), 'MH-' || k.code, k.name, '', date '2015-01-01' + floor(random() * 1500)::int,
  'active', '', k.id, w.ward_id
FROM bw w CROSS JOIN models_registry_modelkind k WHERE k.code IN {_KINDS};
INSERT INTO models_registry_preventionmodel_neighbourhoods (preventionmodel_id, neighbourhood_id)
SELECT DISTINCT m.id, w.nbs[1 + (m.id + k) %% array_length(w.nbs, 1)]
FROM models_registry_preventionmodel m JOIN bw w USING (ward_id) CROSS JOIN generate_series(1, 3) k;
INSERT INTO models_registry_asset (created_at, updated_at, kind, name, installed_on, out_of_order,
  bulbs, length_m, cameras, view, footage_keeper, school, covered, duty_hours, households,
  force_unit_id, neighbourhood_id, model_id)
SELECT now(), now(), a.kind, a.kind || ' ' || g, m.started_on + floor(random() * 700)::int, false,
  CASE WHEN a.kind = 'lighting_segment' THEN 10 + floor(random() * 30)::int ELSE 0 END,
  CASE WHEN a.kind = 'lighting_segment' THEN 200 + floor(random() * 1300)::int ELSE 0 END,
  CASE WHEN a.kind = 'camera_point' THEN 1 + floor(random() * 4)::int ELSE 0 END, '', '', '',
  a.kind = 'school_point' AND random() < 0.7, '',
  CASE WHEN a.kind = 'household_group' THEN 5 + floor(random() * 16)::int ELSE 0 END,
  CASE WHEN a.kind = 'patrol_team' THEN (SELECT u.id FROM core_forces_forceunit u
    WHERE u.ward_id = m.ward_id AND u.kind_id = ({_UNIT.format("motorbike_patrol")})) END,
  w.nbs[1 + (m.id + g) %% array_length(w.nbs, 1)], m.id
FROM models_registry_preventionmodel m JOIN bw w USING (ward_id)
JOIN models_registry_modelkind k ON k.id = m.kind_id
JOIN (VALUES {_ASSETS}) a(model_kind, kind, n) ON a.model_kind = k.code
CROSS JOIN LATERAL generate_series(1, a.n) g;
INSERT INTO models_registry_fault (created_at, updated_at, reported_on, description, status,
  fixed_on, fix_note, asset_id)
SELECT now(), now(), r, 'Hỏng', CASE WHEN fixed THEN 'fixed' ELSE 'reported' END,
  CASE WHEN fixed THEN r + 3 + floor(random() * 20)::int END, '', id
FROM (SELECT a.id, a.installed_on + 30 + floor(random() * 600)::int AS r, random() < 0.8 AS fixed
  FROM models_registry_asset a JOIN models_registry_preventionmodel m ON m.id = a.model_id
  JOIN bw USING (ward_id) WHERE random() < 0.2) f;
INSERT INTO models_registry_contribution (created_at, updated_at, donor, amount_vnd, received_on,
  model_id)
SELECT now(), now(), 'Hộ dân ' || g, 1000000 * (1 + floor(random() * 10)::bigint),
  m.started_on + g * 20, m.id
FROM models_registry_preventionmodel m JOIN bw USING (ward_id)
JOIN models_registry_modelkind k ON k.id = m.kind_id AND k.code = 'cameras'
CROSS JOIN generate_series(1, 5) g;
INSERT INTO models_registry_evaluation (created_at, updated_at, year, rating, reasons, model_id)
SELECT now(), now(), y, (ARRAY['effective', 'effective', 'partly', 'not_effective'])
  [1 + (m.id + y) %% 4], '', m.id
FROM models_registry_preventionmodel m JOIN bw USING (ward_id)
CROSS JOIN generate_series(2016, 2021) y
WHERE y > extract(year FROM m.started_on);
INSERT INTO models_registry_supervisedperson (created_at, updated_at, full_name, address,
  category, basis, starts_on, ends_on, note, model_id, ward_id)
SELECT now(), now(), 'Người được giám sát ' || g, '',
  (ARRAY['released_early', 'suspended_sentence', 'released', 'at_risk'])[1 + g %% 4], '', s,
  s + 365 + floor(random() * 730)::int, '', m.id, m.ward_id
FROM models_registry_preventionmodel m JOIN bw USING (ward_id)
JOIN models_registry_modelkind k ON k.id = m.kind_id AND k.code = 'supervision'
CROSS JOIN generate_series(1, 6) g CROSS JOIN LATERAL (SELECT {DAYS} + 0 * g AS s) x;
"""

STEPS = [
    ("tips", TIPS),
    ("tips: cases, subjects", CASES),
    ("core_forces", CORE_FORCES),
    ("campaigns", CAMPAIGNS),
    ("mediation", MEDIATION),
    ("models_registry", MODELS),
]


def fill(wards: list[Ward], tips: int, spread: float, progress: Progress) -> None:
    for first in range(0, len(wards), WARDS_PER_BATCH):
        batch = wards[first : first + WARDS_PER_BATCH]
        ids = [w.pk for w in batch]
        # Weights 1 ± spread across the whole list (mean 1): the wards differ in size.
        weights = [
            1 - spread + 2 * spread * (first + i) / max(1, len(wards) - 1)
            for i in range(len(batch))
        ]
        for label, sql in STEPS:
            with transaction.atomic():
                _run("SET LOCAL synchronous_commit = off")
                _batch_table(ids, weights)
                for statement in sql.split(";\n"):
                    if statement.strip():
                        _run(statement, {"tips": tips})
            progress.step(f"wards {first + 1}–{first + len(batch)}: {label}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--provinces", type=int, default=1)
    parser.add_argument("--wards", type=int, default=200, help="wards per province")
    parser.add_argument("--tips", type=int, default=5000, help="tips per ward, on average")
    parser.add_argument(
        "--spread",
        type=float,
        default=0.8,
        help="wards weigh 1 - spread … 1 + spread (0: all the same size)",
    )
    args = parser.parse_args()
    if not 0 <= args.spread < 1:
        parser.error("--spread: from 0 to less than 1")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with scopes_disabled():
        wards = [
            w
            for w in make_units(args.provinces, args.wards)
            if not w.tips.exists()  # type: ignore[attr-defined]
        ]
        batches = -(-len(wards) // WARDS_PER_BATCH)
        progress = Progress(batches * len(STEPS) + 1)
        fill(wards, args.tips, args.spread, progress)
        _run("ANALYZE")
        progress.step("ANALYZE")
        progress.close()
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM tips_tip")
            total = cursor.fetchone()[0]
    elapsed = time.perf_counter() - started
    print(f"{len(wards)} wards filled, {total} tips in the database; {elapsed:.0f} s in all")


if __name__ == "__main__":
    main()
