"""The ceiling for `samverka import`: the same rows of a generated participation file
inserted by a plain prepared-statement loop (one INSERT per person and per
participation, in one transaction), with no checks. Prints the rows per second.

Usage: python3 bench/insert_ceiling.py FILE.csv sqlite:///path.db | postgres://…
The database must already hold the organisation (samverka import demo/setup.toml).
Needs `psycopg` for PostgreSQL (pip install 'psycopg[binary]').
"""
import csv, sys, time

path, url = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(path, encoding="utf-8-sig"), delimiter=";"))
if url.startswith("sqlite:"):
    import sqlite3
    db = sqlite3.connect(url.split("://", 1)[1], isolation_level=None)
    mark = "?"
else:
    import psycopg
    db = psycopg.connect(url, autocommit=True)
    mark = "%s"
cur = db.cursor()
cur.execute(f"SELECT i.id, i.provider_id FROM interventions i WHERE i.code = {mark}", (rows[0]["insats"],))
intervention, provider = cur.fetchone()
start = time.perf_counter()
cur.execute("BEGIN")
cur.execute("SELECT COALESCE(MAX(id), 0) FROM persons")
next_person = cur.fetchone()[0] + 1
cur.execute("SELECT COALESCE(MAX(id), 0) FROM participations")
next_part = cur.fetchone()[0] + 1
person_sql = (f"INSERT INTO persons (id, provider_id, personal_number, name, alias, sex, birth_year, protected, created_at) "
              f"VALUES ({', '.join([mark] * 9)})")
part_sql = (f"INSERT INTO participations (id, intervention_id, person_id, start_on, sex, birth_year, income_before, "
            f"occupation_before, municipality, obstacles, decisive_change, referred_by, exit_on, exit_reason, income_after, "
            f"exit_analysis, receiving_org, updated_at) VALUES ({', '.join([mark] * 18)})")
for i, r in enumerate(rows):
    number = r["personnummer"].replace("-", "") or None
    sex = r["kon"] or "kvinna"
    cur.execute(person_sql, (next_person + i, provider, number, "" if number else None, r["alias"] or None, sex,
                             int(r["fodelsear"] or (number or "1990")[:4]), False if mark == "%s" else 0, 0))
    cur.execute(part_sql, (next_part + i, intervention, next_person + i, r["startdatum"], sex, 1990, r["forsorjning_fore"],
                           r["sysselsattning_fore"] or None, r["kommun"], "", "", r["aktualiserad_av"], r["slutdatum"] or None,
                           r["avslutsorsak"] or None, r["forsorjning_efter"], "", "", 0))
cur.execute("ROLLBACK")
seconds = time.perf_counter() - start
print(f"{len(rows)} rows in {seconds:.1f} s, {len(rows) / seconds:.0f} rows per second (prepared-statement loop, rolled back)")
