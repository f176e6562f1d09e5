"""The hub's schema, versioned: `MIGRATIONS[n]` takes a hub from schema n to n + 1.

Everything lives in the schema `dragon_hub`:
- `meta`: key/value settings (schema_version, hub_id, fallback_days, and the funnel's
  stage_scheme, win_rates, expected_stage_days);
- `records`: one row per record, exactly what a bundle carries (the JSON document, its version
  vector `vv` and per-field stamps `f`), with the account it hangs from (computed by a trigger
  from the document, never taken from the client) and `seq`, the hub-wide write sequence;
- `private`: the personal fields of contacts (METHOD §2.1 cat. 3) and their stamps, kept apart so
  RLS can show them only to the account's owner, for a pool account, and to managers: a rep an
  account is shared with gets its contacts redacted, exactly as from a redacted bundle;
- `ownership`: per account its owner (a PostgreSQL role; NULL = the pool 公海), the reps it is
  shared with (共享), protection (保护) and the time of its last activity (for 回落 fall-back);
- `opps` and `people`: the columns of opportunities and contacts the team funnel reads, kept by
  triggers on `records`.

Roles: `dragon_rep` and `dragon_manager` are group roles; every rep logs in as their own role,
a member of `dragon_rep`. Row-level security lets a rep see and write the pool, the accounts
they own and those shared with them; a manager sees and writes everything. Ownership changes only
through the SECURITY DEFINER functions below, which check who is asking.
"""

from __future__ import annotations

from dragon_tui.models import BY_ACCOUNT, BY_OPPORTUNITY, Contact

SCHEMA = "dragon_hub"
SCHEMA_VERSION = 2
LOCK_KEY = 0x6472_6167  # pg_advisory_xact_lock key: every hub write holds it ("drag")


_V1 = f"""
CREATE SCHEMA IF NOT EXISTS {SCHEMA};
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dragon_rep') THEN
    CREATE ROLE dragon_rep NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dragon_manager') THEN
    CREATE ROLE dragon_manager NOLOGIN;
  END IF;
END $$;
CREATE TABLE {SCHEMA}.meta (key text PRIMARY KEY, value jsonb NOT NULL);
CREATE SEQUENCE {SCHEMA}.seq;
CREATE TABLE {SCHEMA}.records (
  tbl text NOT NULL,
  id text NOT NULL,
  account_id text,
  doc jsonb NOT NULL,
  vv jsonb NOT NULL DEFAULT '{{}}',
  f jsonb NOT NULL DEFAULT '{{}}',
  seq bigint NOT NULL DEFAULT nextval('{SCHEMA}.seq'),
  PRIMARY KEY (tbl, id)
);
CREATE INDEX records_seq ON {SCHEMA}.records (seq);
CREATE TABLE {SCHEMA}.private (
  tbl text NOT NULL,
  id text NOT NULL,
  account_id text,
  doc jsonb NOT NULL DEFAULT '{{}}',
  f jsonb NOT NULL DEFAULT '{{}}',
  PRIMARY KEY (tbl, id)
);
CREATE INDEX records_account ON {SCHEMA}.records (account_id);
CREATE TABLE {SCHEMA}.ownership (
  account_id text PRIMARY KEY,
  owner text,
  shared text[] NOT NULL DEFAULT '{{}}',
  protected boolean NOT NULL DEFAULT false,
  last_activity timestamptz NOT NULL DEFAULT now(),
  seq bigint NOT NULL DEFAULT nextval('{SCHEMA}.seq')
);
CREATE INDEX ownership_seq ON {SCHEMA}.ownership (seq);

-- Who is asking: a manager (member of dragon_manager) or a superuser sees the whole team.
CREATE FUNCTION {SCHEMA}.is_manager() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT pg_has_role(session_user, 'dragon_manager', 'MEMBER')
      OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
$$;

-- May the session user see (and so write) records of this account?
CREATE FUNCTION {SCHEMA}.can_see(account text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
  SELECT account IS NULL OR {SCHEMA}.is_manager() OR account <> '?' AND NOT EXISTS (
    SELECT 1 FROM {SCHEMA}.ownership o
    WHERE o.account_id = account AND o.owner IS NOT NULL AND o.owner <> session_user
      AND NOT (session_user = ANY (o.shared)))
$$;

-- Accounts the session user may not see nor write: owned by another and not shared with them.
CREATE FUNCTION {SCHEMA}.forbidden() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
  SELECT account_id FROM {SCHEMA}.ownership
  WHERE NOT {SCHEMA}.is_manager() AND owner IS NOT NULL AND owner <> session_user
    AND NOT (session_user = ANY (shared))
$$;

-- Accounts whose contacts' personal fields the session user may not see: owned by another.
CREATE FUNCTION {SCHEMA}.not_private() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
  SELECT account_id FROM {SCHEMA}.ownership
  WHERE NOT {SCHEMA}.is_manager() AND owner IS NOT NULL AND owner <> session_user
$$;

-- The account a record hangs from, read from the document itself (never from the client).
CREATE FUNCTION {SCHEMA}.account_of(t text, d jsonb) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
DECLARE found text;
BEGIN
  IF t = 'accounts' THEN RETURN d->>'id'; END IF;
  IF t = ANY (ARRAY{list(BY_ACCOUNT)!r}) THEN RETURN d->>'account_id'; END IF;
  IF t = ANY (ARRAY{list(BY_OPPORTUNITY)!r}) THEN
    SELECT r.account_id INTO found FROM {SCHEMA}.records r
      WHERE r.tbl = 'opportunities' AND r.id = d->>'opportunity_id';
    RETURN coalesce(found, '?');  -- an orphan: only a manager sees it
  END IF;
  IF t = 'conflicts' THEN
    IF d->>'record_table' = 'accounts' THEN RETURN d->>'record_id'; END IF;
    SELECT r.account_id INTO found FROM {SCHEMA}.records r
      WHERE r.tbl = d->>'record_table' AND r.id = d->>'record_id';
    RETURN coalesce(found, '?');
  END IF;
  RETURN NULL;  -- team-wide records: products, SPIN question bank, objections
END $$;

CREATE FUNCTION {SCHEMA}.set_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.account_id := {SCHEMA}.account_of(NEW.tbl, NEW.doc);
  NEW.seq := nextval('{SCHEMA}.seq');
  RETURN NEW;
END $$;
CREATE TRIGGER records_account BEFORE INSERT OR UPDATE ON {SCHEMA}.records
  FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.set_account();
CREATE FUNCTION {SCHEMA}.set_private_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT r.account_id INTO NEW.account_id FROM {SCHEMA}.records r
    WHERE r.tbl = NEW.tbl AND r.id = NEW.id;
  NEW.account_id := coalesce(NEW.account_id, '?');
  RETURN NEW;
END $$;
CREATE TRIGGER private_account BEFORE INSERT OR UPDATE ON {SCHEMA}.private
  FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.set_private_account();

-- The funnel's columns of every opportunity, kept by a trigger: the team funnel reads this narrow
-- table instead of 1.6 million JSON documents.
CREATE TABLE {SCHEMA}.opps (
  id text PRIMARY KEY,
  account_id text,
  name text NOT NULL,
  amount numeric NOT NULL,
  stage integer NOT NULL,
  status text NOT NULL,
  closed_on date,
  deleted boolean NOT NULL,
  moved_on date[] NOT NULL,     -- days it advanced ≥ 1 stage (from the stage history)
  entered_stage date NOT NULL,  -- when it entered its current stage
  next_step text NOT NULL,
  next_contact_on date,
  first_contact_on date,
  created_on date NOT NULL
);
CREATE INDEX opps_account ON {SCHEMA}.opps (account_id);
CREATE FUNCTION {SCHEMA}.keep_opp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
DECLARE d jsonb := NEW.doc; history jsonb := coalesce(NEW.doc->'stage_history', '[]');
  current integer := coalesce((NEW.doc->>'stage')::int, 1);
BEGIN
  INSERT INTO {SCHEMA}.opps VALUES (
    NEW.id, NEW.account_id, coalesce(d->>'name', ''), coalesce((d->>'amount')::numeric, 0),
    current, coalesce(d->>'status', 'open'), (d->>'closed_on')::date,
    coalesce((d->>'deleted')::boolean, false),
    ARRAY(SELECT (h->>'entered_on')::date FROM jsonb_array_elements(history) h
          WHERE h->>'from_stage' IS NOT NULL AND (h->>'stage')::int > (h->>'from_stage')::int),
    coalesce(
      (SELECT (h->>'entered_on')::date FROM jsonb_array_elements(history) WITH ORDINALITY e(h, n)
        WHERE (h->>'stage')::int = current ORDER BY n DESC LIMIT 1),
      (d->>'first_contact_on')::date, ((d->>'created_at')::timestamptz AT TIME ZONE 'UTC')::date),
    coalesce(d->>'next_step', ''), (d->>'next_contact_on')::date, (d->>'first_contact_on')::date,
    ((d->>'created_at')::timestamptz AT TIME ZONE 'UTC')::date)
  ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, name = EXCLUDED.name,
    amount = EXCLUDED.amount, stage = EXCLUDED.stage, status = EXCLUDED.status,
    closed_on = EXCLUDED.closed_on, deleted = EXCLUDED.deleted,
    moved_on = EXCLUDED.moved_on, entered_stage = EXCLUDED.entered_stage,
    next_step = EXCLUDED.next_step,
    next_contact_on = EXCLUDED.next_contact_on, first_contact_on = EXCLUDED.first_contact_on,
    created_on = EXCLUDED.created_on;
  RETURN NULL;
END $$;
CREATE TRIGGER records_opps AFTER INSERT OR UPDATE ON {SCHEMA}.records
  FOR EACH ROW WHEN (NEW.tbl = 'opportunities') EXECUTE FUNCTION {SCHEMA}.keep_opp();
ALTER TABLE {SCHEMA}.opps ENABLE ROW LEVEL SECURITY;
CREATE POLICY opps_team ON {SCHEMA}.opps TO dragon_manager USING (true);
CREATE POLICY opps_rep ON {SCHEMA}.opps TO dragon_rep
  USING (account_id IS NULL OR account_id <> '?' AND account_id NOT IN (SELECT {SCHEMA}.forbidden()));

ALTER TABLE {SCHEMA}.records ENABLE ROW LEVEL SECURITY;
ALTER TABLE {SCHEMA}.ownership ENABLE ROW LEVEL SECURITY;
ALTER TABLE {SCHEMA}.private ENABLE ROW LEVEL SECURITY;
CREATE POLICY private_team ON {SCHEMA}.private TO dragon_manager USING (true) WITH CHECK (true);
CREATE POLICY private_rep ON {SCHEMA}.private TO dragon_rep
  USING (account_id IS NULL OR account_id <> '?' AND account_id NOT IN (SELECT {SCHEMA}.not_private()))
  WITH CHECK (account_id IS NULL OR account_id <> '?' AND account_id NOT IN (SELECT {SCHEMA}.not_private()));
CREATE POLICY records_team ON {SCHEMA}.records TO dragon_manager USING (true) WITH CHECK (true);
-- A rep's policies test membership in a set computed once per query (a hashed subplan), not a
-- function per row: 50 reps × 500 accounts is 1.6 million rows.
CREATE POLICY records_rep ON {SCHEMA}.records TO dragon_rep
  USING (account_id IS NULL OR account_id <> '?' AND account_id NOT IN (SELECT {SCHEMA}.forbidden()))
  WITH CHECK (account_id IS NULL OR account_id <> '?' AND account_id NOT IN (SELECT {SCHEMA}.forbidden()));
CREATE POLICY ownership_team ON {SCHEMA}.ownership TO dragon_manager USING (true);
CREATE POLICY ownership_rep ON {SCHEMA}.ownership TO dragon_rep
  USING (account_id NOT IN (SELECT {SCHEMA}.forbidden()));
GRANT USAGE ON SCHEMA {SCHEMA} TO dragon_rep, dragon_manager;
GRANT SELECT ON {SCHEMA}.meta TO dragon_rep, dragon_manager;
GRANT SELECT, INSERT, UPDATE ON {SCHEMA}.records TO dragon_rep, dragon_manager;
GRANT SELECT ON {SCHEMA}.ownership TO dragon_rep, dragon_manager;
GRANT SELECT ON {SCHEMA}.opps TO dragon_rep, dragon_manager;
GRANT SELECT, INSERT, UPDATE ON {SCHEMA}.private TO dragon_rep, dragon_manager;
GRANT USAGE, SELECT ON SEQUENCE {SCHEMA}.seq TO dragon_rep, dragon_manager;

-- Ownership changes (知客CRM rules): claim from the pool, release to it, assign, share, protect.
CREATE FUNCTION {SCHEMA}.set_owner(account text, action text, rep text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
DECLARE cur {SCHEMA}.ownership; me text := session_user; boss boolean := {SCHEMA}.is_manager();
BEGIN
  PERFORM pg_advisory_xact_lock({LOCK_KEY});
  IF NOT EXISTS (SELECT 1 FROM {SCHEMA}.records WHERE tbl = 'accounts' AND id = account) THEN
    RETURN 'no such account on the hub';
  END IF;
  INSERT INTO {SCHEMA}.ownership (account_id) VALUES (account) ON CONFLICT DO NOTHING;
  SELECT * INTO cur FROM {SCHEMA}.ownership WHERE account_id = account FOR UPDATE;
  IF rep IS NOT NULL THEN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = rep) THEN
      RETURN format('%s is not a rep of this team', rep);
    END IF;
    IF NOT pg_has_role(rep, 'dragon_rep', 'MEMBER') THEN
      RETURN format('%s is not a rep of this team', rep);
    END IF;
  END IF;
  IF action = 'claim' THEN
    IF cur.owner IS NOT NULL AND cur.owner <> me THEN
      RETURN format('owned by %s, not in the pool', cur.owner);
    END IF;
    UPDATE {SCHEMA}.ownership SET owner = me, last_activity = now() WHERE account_id = account;
  ELSIF action = 'release' THEN
    IF NOT boss AND cur.owner IS DISTINCT FROM me THEN RETURN 'only its owner or a manager may release it'; END IF;
    UPDATE {SCHEMA}.ownership SET owner = NULL, shared = '{{}}', protected = false WHERE account_id = account;
  ELSIF action = 'assign' THEN
    IF NOT boss AND cur.owner IS DISTINCT FROM me THEN RETURN 'only its owner or a manager may assign it'; END IF;
    UPDATE {SCHEMA}.ownership SET owner = rep, shared = array_remove(shared, rep), last_activity = now()
      WHERE account_id = account;
  ELSIF action = 'share' THEN
    IF NOT boss AND cur.owner IS DISTINCT FROM me THEN RETURN 'only its owner or a manager may share it'; END IF;
    IF cur.owner IS NULL THEN RETURN 'a pool account is seen by everyone already'; END IF;
    UPDATE {SCHEMA}.ownership SET shared = array_append(array_remove(shared, rep), rep)
      WHERE account_id = account;
  ELSIF action IN ('protect', 'unprotect') THEN
    IF NOT boss AND cur.owner IS DISTINCT FROM me THEN RETURN 'only its owner or a manager may protect it'; END IF;
    UPDATE {SCHEMA}.ownership SET protected = (action = 'protect') WHERE account_id = account;
  ELSE
    RETURN format('unknown action %s', action);
  END IF;
  UPDATE {SCHEMA}.ownership SET seq = nextval('{SCHEMA}.seq') WHERE account_id = account;
  RETURN NULL;
END $$;

-- 回落: owned accounts without activity for fallback_days return to the pool unless protected.
CREATE FUNCTION {SCHEMA}.fall_back() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
DECLARE days integer; n integer;
BEGIN
  SELECT (value #>> '{{}}')::integer INTO days FROM {SCHEMA}.meta WHERE key = 'fallback_days';
  IF days IS NULL OR days <= 0 THEN RETURN 0; END IF;
  UPDATE {SCHEMA}.ownership SET owner = NULL, shared = '{{}}', seq = nextval('{SCHEMA}.seq')
    WHERE owner IS NOT NULL AND NOT protected AND last_activity < now() - make_interval(days => days);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- Activity on owned accounts (a push touching them by someone who may write them).
CREATE FUNCTION {SCHEMA}.touch(accounts text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
  UPDATE {SCHEMA}.ownership SET last_activity = now()
    WHERE account_id = ANY (accounts) AND owner IS NOT NULL AND {SCHEMA}.can_see(account_id)
$$;

-- The write sequence reached (for the pull high-water mark; readable whatever RLS hides).
CREATE FUNCTION {SCHEMA}.high_water() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
  SELECT greatest(coalesce((SELECT max(seq) FROM {SCHEMA}.records), 0),
                  coalesce((SELECT max(seq) FROM {SCHEMA}.ownership), 0))
$$;

-- Accounts whose contacts the session user gets redacted (shared with them, owned by another).
CREATE FUNCTION {SCHEMA}.redacted_accounts() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
  SELECT account_id FROM {SCHEMA}.ownership
  WHERE NOT {SCHEMA}.is_manager() AND owner IS NOT NULL AND owner <> session_user
    AND session_user = ANY (shared)
$$;

REVOKE ALL ON FUNCTION {SCHEMA}.set_owner(text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION {SCHEMA}.fall_back() FROM PUBLIC;
REVOKE ALL ON FUNCTION {SCHEMA}.touch(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {SCHEMA}.set_owner(text, text, text) TO dragon_rep, dragon_manager;
GRANT EXECUTE ON FUNCTION {SCHEMA}.fall_back() TO dragon_rep, dragon_manager;
GRANT EXECUTE ON FUNCTION {SCHEMA}.touch(text[]) TO dragon_rep, dragon_manager;

INSERT INTO {SCHEMA}.meta VALUES
  ('hub_id', to_jsonb(gen_random_uuid()::text)),
  ('fallback_days', '90'),
  ('win_rates', '[0.05, 0.10, 0.20, 0.30, 0.60, 0.80]');
"""

# Version 2: what the at-risk rules (method/risk.py) need of the people, so the team funnel lists
# exactly the laptop's at-risk deals: `people` (each contact's coach flag, decision-maker role and
# attitude, kept by a trigger like `opps`) and the opportunity's named people (`opps.contact_ids`).
# Both are filled from the records already on the hub, without touching them (their `seq` stays,
# so no laptop pulls anything again). Also: `owners_of()` for the dossier, and conflicts over
# personal fields hidden like the fields (`records.personal`).
_V2 = f"""
ALTER TABLE {SCHEMA}.opps ADD COLUMN contact_ids text[] NOT NULL DEFAULT '{{}}';
CREATE FUNCTION {SCHEMA}.put_opp(opp_id text, account text, d jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
DECLARE history jsonb := coalesce(d->'stage_history', '[]');
  current integer := coalesce((d->>'stage')::int, 1);
BEGIN
  INSERT INTO {SCHEMA}.opps VALUES (
    opp_id, account, coalesce(d->>'name', ''), coalesce((d->>'amount')::numeric, 0),
    current, coalesce(d->>'status', 'open'), (d->>'closed_on')::date,
    coalesce((d->>'deleted')::boolean, false),
    ARRAY(SELECT (h->>'entered_on')::date FROM jsonb_array_elements(history) h
          WHERE h->>'from_stage' IS NOT NULL AND (h->>'stage')::int > (h->>'from_stage')::int),
    coalesce(
      (SELECT (h->>'entered_on')::date FROM jsonb_array_elements(history) WITH ORDINALITY e(h, n)
        WHERE (h->>'stage')::int = current ORDER BY n DESC LIMIT 1),
      (d->>'first_contact_on')::date, ((d->>'created_at')::timestamptz AT TIME ZONE 'UTC')::date),
    coalesce(d->>'next_step', ''), (d->>'next_contact_on')::date, (d->>'first_contact_on')::date,
    ((d->>'created_at')::timestamptz AT TIME ZONE 'UTC')::date,
    ARRAY(SELECT jsonb_array_elements_text(coalesce(d->'contact_ids', '[]'))))
  ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, name = EXCLUDED.name,
    amount = EXCLUDED.amount, stage = EXCLUDED.stage, status = EXCLUDED.status,
    closed_on = EXCLUDED.closed_on, deleted = EXCLUDED.deleted,
    moved_on = EXCLUDED.moved_on, entered_stage = EXCLUDED.entered_stage,
    next_step = EXCLUDED.next_step,
    next_contact_on = EXCLUDED.next_contact_on, first_contact_on = EXCLUDED.first_contact_on,
    created_on = EXCLUDED.created_on, contact_ids = EXCLUDED.contact_ids;
END $$;
CREATE OR REPLACE FUNCTION {SCHEMA}.keep_opp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
BEGIN
  PERFORM {SCHEMA}.put_opp(NEW.id, NEW.account_id, NEW.doc);
  RETURN NULL;
END $$;
SELECT {SCHEMA}.put_opp(id, account_id, doc) FROM {SCHEMA}.records WHERE tbl = 'opportunities';

CREATE TABLE {SCHEMA}.people (
  id text PRIMARY KEY,
  account_id text,
  name text NOT NULL,
  is_coach boolean NOT NULL,
  decision_maker boolean NOT NULL,
  attitude integer,  -- NULL: unknown
  deleted boolean NOT NULL
);
CREATE INDEX people_account ON {SCHEMA}.people (account_id);
CREATE FUNCTION {SCHEMA}.put_person(person_id text, account text, d jsonb) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
  INSERT INTO {SCHEMA}.people VALUES (
    person_id, account, coalesce(d->>'name', ''), coalesce((d->>'is_coach')::boolean, false),
    coalesce(d->'roles' ? 'decision_maker', false), (d->>'attitude')::int,
    coalesce((d->>'deleted')::boolean, false))
  ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, name = EXCLUDED.name,
    is_coach = EXCLUDED.is_coach, decision_maker = EXCLUDED.decision_maker,
    attitude = EXCLUDED.attitude, deleted = EXCLUDED.deleted
$$;
-- Per account, its live people as the at-risk rules look at them: who is there, the coaches, the
-- decision-makers (in the order name, id). The team funnel reads one row per account instead of
-- joining every deal with everyone it names. Recomputed for the account a contact is written to.
CREATE TABLE {SCHEMA}.account_people (
  account_id text PRIMARY KEY,
  live_ids text[] NOT NULL,
  coach_ids text[] NOT NULL,
  dm_ids text[] NOT NULL,
  dm_names text[] NOT NULL,
  dm_attitudes integer[] NOT NULL
);
CREATE FUNCTION {SCHEMA}.sum_people(account text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
BEGIN
  DELETE FROM {SCHEMA}.account_people WHERE account_id = account;
  INSERT INTO {SCHEMA}.account_people
  SELECT account, array_agg(id),
    coalesce(array_agg(id) FILTER (WHERE is_coach), '{{}}'),
    coalesce(array_agg(id ORDER BY name, id) FILTER (WHERE decision_maker), '{{}}'),
    coalesce(array_agg(name ORDER BY name, id) FILTER (WHERE decision_maker), '{{}}'),
    coalesce(array_agg(attitude ORDER BY name, id) FILTER (WHERE decision_maker), '{{}}')
  FROM {SCHEMA}.people WHERE account_id = account AND NOT deleted
  HAVING count(*) > 0;
END $$;
CREATE FUNCTION {SCHEMA}.keep_person() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
DECLARE before text := (SELECT account_id FROM {SCHEMA}.people WHERE id = NEW.id);
BEGIN
  PERFORM {SCHEMA}.put_person(NEW.id, NEW.account_id, NEW.doc);
  PERFORM {SCHEMA}.sum_people(NEW.account_id);
  IF before IS DISTINCT FROM NEW.account_id THEN
    PERFORM {SCHEMA}.sum_people(before);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER records_people AFTER INSERT OR UPDATE ON {SCHEMA}.records
  FOR EACH ROW WHEN (NEW.tbl = 'contacts') EXECUTE FUNCTION {SCHEMA}.keep_person();
SELECT {SCHEMA}.put_person(id, account_id, doc) FROM {SCHEMA}.records WHERE tbl = 'contacts';
SELECT {SCHEMA}.sum_people(a) FROM (SELECT DISTINCT account_id FROM {SCHEMA}.people) AS p(a);
REVOKE ALL ON FUNCTION {SCHEMA}.put_opp(text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION {SCHEMA}.put_person(text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION {SCHEMA}.sum_people(text) FROM PUBLIC;
ALTER TABLE {SCHEMA}.people ENABLE ROW LEVEL SECURITY;
CREATE POLICY people_team ON {SCHEMA}.people TO dragon_manager USING (true);
CREATE POLICY people_rep ON {SCHEMA}.people TO dragon_rep
  USING (account_id IS NULL OR account_id <> '?' AND account_id NOT IN (SELECT {SCHEMA}.forbidden()));
ALTER TABLE {SCHEMA}.account_people ENABLE ROW LEVEL SECURITY;
CREATE POLICY account_people_team ON {SCHEMA}.account_people TO dragon_manager USING (true);
CREATE POLICY account_people_rep ON {SCHEMA}.account_people TO dragon_rep
  USING (account_id <> '?' AND account_id NOT IN (SELECT {SCHEMA}.forbidden()));
GRANT SELECT ON {SCHEMA}.account_people TO dragon_rep, dragon_manager;
GRANT SELECT ON {SCHEMA}.people TO dragon_rep, dragon_manager;

-- The owners of accounts the asker names (the ids they hold), even those they may not see:
-- the dossier says "owned by li" rather than "in the pool" (a refused claim says it too).
CREATE FUNCTION {SCHEMA}.owners_of(accounts text[]) RETURNS TABLE (account_id text, owner text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {SCHEMA} AS $$
  SELECT o.account_id, o.owner FROM {SCHEMA}.ownership o
  WHERE o.account_id = ANY (accounts) AND o.owner IS NOT NULL
$$;
REVOKE ALL ON FUNCTION {SCHEMA}.owners_of(text[]) FROM PUBLIC;

-- A conflict over a contact's personal field carries personal values: like those fields, a rep
-- the account is only shared with does not see it (a redacted bundle leaves it out too).
ALTER TABLE {SCHEMA}.records ADD COLUMN personal boolean NOT NULL DEFAULT false;
CREATE OR REPLACE FUNCTION {SCHEMA}.set_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.account_id := {SCHEMA}.account_of(NEW.tbl, NEW.doc);
  NEW.personal := NEW.tbl = 'conflicts' AND NEW.doc->>'record_table' = 'contacts'
    AND NEW.doc->>'field' = ANY (ARRAY{sorted(Contact.personal_fields)!r});
  NEW.seq := nextval('{SCHEMA}.seq');
  RETURN NEW;
END $$;
ALTER TABLE {SCHEMA}.records DISABLE TRIGGER records_account;  -- no new seq: nobody re-pulls
UPDATE {SCHEMA}.records SET personal = true WHERE tbl = 'conflicts'
  AND doc->>'record_table' = 'contacts'
  AND doc->>'field' = ANY (ARRAY{sorted(Contact.personal_fields)!r});
ALTER TABLE {SCHEMA}.records ENABLE TRIGGER records_account;
DROP POLICY records_rep ON {SCHEMA}.records;
CREATE POLICY records_rep ON {SCHEMA}.records TO dragon_rep
  USING (account_id IS NULL OR account_id <> '?' AND account_id NOT IN (SELECT {SCHEMA}.forbidden())
    AND NOT (personal AND account_id IN (SELECT {SCHEMA}.redacted_accounts())))
  WITH CHECK (account_id IS NULL OR account_id <> '?' AND account_id NOT IN (SELECT {SCHEMA}.forbidden())
    AND NOT (personal AND account_id IN (SELECT {SCHEMA}.redacted_accounts())));
GRANT EXECUTE ON FUNCTION {SCHEMA}.owners_of(text[]) TO dragon_rep, dragon_manager;
"""

MIGRATIONS: dict[int, str] = {0: _V1, 1: _V2}
