#!/usr/bin/env bash
# Runs schemathesis against the JSON API of a running Samverka demo server,
# once per role (coach, intervention lead, system administrator).
#
# Usage: tests/schemathesis/run.sh [PORT] [MAX_EXAMPLES]
#   PORT          port of a demo server on 127.0.0.1 (default 18500)
#   MAX_EXAMPLES  test cases per operation (default 400, about 5 minutes per role)
# Environment:
#   OUT      where reports go (default /tmp/samverka-schemathesis)
#   SEED     random seed (default 4242)
#   ROLES    which roles to run, space-separated (default "coach lead admin")
#   WORKERS  schemathesis workers (default 1)
#   SEEDED   1 to draw path ids, codes and some body fields from known demo values
#            (a schemathesis.toml written to $OUT), so more requests reach the
#            business rules instead of "not found" (default 0: all values random)
#
# Needs: python3 with `pip install schemathesis pyotp requests`.
# Start a fresh demo for every run, on a database file of its own, e.g.
#   samverka demo --database-url sqlite:///tmp/st/demo.db --listen 127.0.0.1:18500
# The run changes the demo data (POST/PUT/DELETE requests). The admin role runs
# last because it grants and revokes roles of every demo account, itself
# included: after it, johanna may have lost her coach role, and admin may hold
# roles that need TOTP, so a second run against the same demo fails to log in.
# Exit code: 0 only when schemathesis and the response check found nothing.
set -euo pipefail

PORT="${1:-18500}"
MAX_EXAMPLES="${2:-400}"
OUT="${OUT:-/tmp/samverka-schemathesis}"
SEED="${SEED:-4242}"
ROLES="${ROLES:-coach lead admin}"
WORKERS="${WORKERS:-1}"
SEEDED="${SEEDED:-0}"
BASE="http://127.0.0.1:${PORT}"
mkdir -p "$OUT"

command -v st >/dev/null || { echo "schemathesis is missing: pip install schemathesis pyotp requests" >&2; exit 2; }
curl -fsS "$BASE/api/v1/openapi.json" -o "$OUT/openapi.json" \
  || { echo "no Samverka server answers on $BASE" >&2; exit 2; }

# Logs in through the login form (and the TOTP step where the role has one) and
# prints the session cookie as "name=value".
login() {
  python3 - "$BASE" "$@" <<'PY'
import sys, time
import requests, pyotp

base, username, password = sys.argv[1], sys.argv[2], sys.argv[3]
secret = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] else None
h = {"Origin": base}  # unsafe methods need Origin (or Sec-Fetch-Site: same-origin)
s = requests.Session()
s.get(base + "/login").raise_for_status()
r = s.post(base + "/login", data={"username": username, "password": password},
           headers=h, allow_redirects=False)
if r.status_code not in (302, 303):
    sys.exit(f"login as {username} failed: {r.status_code} {r.text[:300]}")
if secret:
    totp = pyotp.TOTP(secret)  # RFC 6238: SHA-1, 30 s, 6 digits
    # A code is accepted once per 30 s window and account: if this window's
    # code was already used, wait for the next window.
    for _ in range(3):
        if 30 - (time.time() % 30) < 3:
            time.sleep(4)
        r = s.post(base + "/login/totp", data={"code": totp.now()}, headers=h,
                   allow_redirects=False)
        if r.status_code in (302, 303):
            break
        wait = 30 - (time.time() % 30) + 1
        print(f"TOTP code refused ({r.status_code}); waiting {wait:.0f} s", file=sys.stderr)
        time.sleep(wait)
    else:
        sys.exit(f"TOTP step for {username} failed: {r.status_code} {r.text[:300]}")
me = s.get(base + "/api/v1/me")
if me.status_code != 200:
    sys.exit(f"/api/v1/me as {username} gave {me.status_code}: {me.text[:300]}")
print(f"logged in: {me.text}", file=sys.stderr)
print("; ".join(f"{c.name}={c.value}" for c in s.cookies))
PY
}

# A second opinion on response bodies: validates every response whose status is
# documented against the OpenAPI document with a JSON Schema 2020-12 validator.
# It also covers GET /employers/{id} and GET /meetings/{id}, whose `prefixItems`
# schemas schemathesis 4.32 cannot load ("Schema Error").
check_responses() {
  python3 - "$@" <<'PY'
"""Second opinion on response bodies: validates every response with a documented
status in a schemathesis HAR report against the OpenAPI document, with a
JSON Schema 2020-12 validator (the dialect of OpenAPI 3.1). It also covers the
operations whose `prefixItems` schemas schemathesis 4.32 cannot load.

Usage: check_har.py openapi.json har.json"""
import collections, json, re, sys
from urllib.parse import urlsplit
import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

spec = json.load(open(sys.argv[1]))
entries = json.load(open(sys.argv[2]))["log"]["entries"]
registry = Registry().with_resource(
    "urn:spec", Resource.from_contents(spec, default_specification=DRAFT202012))

def rebase(s):
    """Points the document's local '#/components/...' references at urn:spec."""
    if isinstance(s, dict):
        return {k: ("urn:spec" + v if k == "$ref" and isinstance(v, str) and v.startswith("#")
                    else rebase(v)) for k, v in s.items()}
    if isinstance(s, list):
        return [rebase(x) for x in s]
    return s

ops = []
for path, item in spec["paths"].items():
    rx = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$")
    for method, op in item.items():
        ops.append((method.upper(), rx, path, op))

def operation(method, path):
    hits = [(p.count("{"), p, op) for m, rx, p, op in ops if m == method and rx.match(path)]
    return min(hits, key=lambda h: h[0])[1:] if hits else None

checked = collections.Counter()
problems = collections.Counter()
example = {}
for e in entries:
    req, resp = e["request"], e["response"]
    hit = operation(req["method"], urlsplit(req["url"]).path)
    if not hit:
        continue
    tpl, op = hit
    status = str(resp["status"])
    doc = op["responses"].get(status)
    if doc is None or not doc.get("content"):
        continue
    schema = doc["content"]["application/json"]["schema"]
    text = resp.get("content", {}).get("text", "")
    checked[(req["method"], tpl, status)] += 1
    try:
        body = json.loads(text)
    except ValueError:
        errs = ["body is not JSON"]
    else:
        v = jsonschema.Draft202012Validator(rebase(schema), registry=registry)
        errs = [f"/{'/'.join(map(str, x.absolute_path))}: {x.message[:200]}"
                for x in v.iter_errors(body)][:1]
    for err in errs:
        key = (req["method"], tpl, status, err)
        problems[key] += 1
        example.setdefault(key, f"{req['method']} {req['url']}")

print(f"responses checked: {sum(checked.values())} in {len(checked)} (operation, status) pairs")
for (m, p, s), n in sorted(checked.items()):
    print(f"  {n:5d}  {m} {p} -> {s}")
if problems:
    print("mismatches:")
    for k, n in sorted(problems.items()):
        print(f"  {n:5d}  {k[0]} {k[1]} -> {k[2]}: {k[3]}\n         e.g. {example[k]}")
else:
    print("no schema mismatches")
sys.exit(1 if problems else 0)
PY
}

# Counts the requests and status codes in a HAR report.
har_summary() {
  python3 - "$1" <<'PY'
import json, sys, collections
entries = json.load(open(sys.argv[1]))["log"]["entries"]
codes = collections.Counter(e["response"]["status"] for e in entries)
print(f"requests: {len(entries)}; status codes: " +
      ", ".join(f"{k}: {v}" for k, v in sorted(codes.items())))
PY
}

config=()
if [ "$SEEDED" = 1 ]; then
  cat > "$OUT/schemathesis.toml" <<'TOML'
# Known demo values, drawn with some probability instead of random ones, so that
# more requests get past "not found" into the business rules.
[dictionaries.codes]
values = ["NK", "GT", "SV", "JSA", "SFU", "HSF", "AF-UMEA", "UK-SP", "UK-SOC", "HL-KOMMUNER", "ips", "basprogram", "supported_employment", "teamrehabilitering"]

[dictionaries.providers]
values = ["UK-SP", "AF-UMEA", "UK-SOC", "HL-KOMMUNER"]

[dictionaries.ids]
values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 30, 40, 62, 63, 64, 70, 100]

[dictionaries.usernames]
values = ["johanna", "per", "amir", "lena", "maria", "eva", "beredning", "ingrid", "forbund", "hoglandet"]

[dictionaries.dates]
values = ["2026-11-30", "2026-01-15", "2025-06-01", "2099-12-31", "1900-01-01"]

[dictionaries.stages]
values = ["overenskommelse", "yrkesprofil", "jobbsokande", "arbetsgivarengagemang", "stod_pa_och_utanfor_arbetet"]

[dictionaries.referral_status]
values = ["foreslagen", "vantar", "avslagen", "antagen", "mottagen"]

[dictionaries.sources]
values = ["FK", "AF", "UMEA", "eget_initiativ", "anhorig", "annan"]

[dictionaries.decisions]
values = ["anta", "avsla", "vanta"]

[dictionaries.groups]
values = ["rekryteringsgrupp", "beredningsgrupp"]

[dictionaries.exit_reasons]
values = ["arbete", "studier", "ohalsa", "felregistrering", "annat"]

[dictionaries.roles]
values = ["coach", "intervention_lead", "partner_officer", "auditor", "association_admin", "preparatory_group"]

[dictionaries.scopes]
values = ["intervention:NK", "intervention:GT", "association:SFU", "provider:UK-SP", "installation"]

[parameters]
"path.code" = { dictionary = "codes", probability = 0.8 }
"query.provider" = { dictionary = "providers", probability = 0.8 }
"path.id" = { dictionary = "ids", probability = 0.8 }
"path.entry" = { dictionary = "ids", probability = 0.8 }
"path.username" = { dictionary = "usernames", probability = 0.8 }
"body.datum" = { dictionary = "dates", probability = 0.7 }
"body.mottagen" = { dictionary = "dates", probability = 0.7 }
"body.start" = { dictionary = "dates", probability = 0.7 }
"body.slutdatum" = { dictionary = "dates", probability = 0.7 }
"body.steg" = { dictionary = "stages", probability = 0.7 }
"body.status" = { dictionary = "referral_status", probability = 0.7 }
"body.kalla" = { dictionary = "sources", probability = 0.7 }
"body.grupp" = { dictionary = "groups", probability = 0.7 }
"body.avslutsorsak" = { dictionary = "exit_reasons", probability = 0.7 }
"body.beslut[*].beslut" = { dictionary = "decisions", probability = 0.7 }
"body.beslut[*].anmalan" = { dictionary = "ids", probability = 0.7 }
"body.anmalan" = { dictionary = "ids", probability = 0.5 }
"body.coach" = { dictionary = "ids", probability = 0.7 }
"body.deltagande" = { dictionary = "ids", probability = 0.5 }
"body.role" = { dictionary = "roles", probability = 0.7 }
"body.scope" = { dictionary = "scopes", probability = 0.7 }
TOML
  config=(--config-file "$OUT/schemathesis.toml")
fi

rc=0
for role in $ROLES; do
  case "$role" in
    coach) creds=(johanna samverka-demo-coach JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP) ;;
    lead)  creds=(per samverka-demo-lead KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU) ;;
    admin) creds=(admin samverka-demo-admin "") ;;
    *) echo "unknown role $role" >&2; exit 2 ;;
  esac
  cookie="$(login "${creds[@]}")"
  dir="$OUT/$role"
  rm -rf "$dir"; mkdir -p "$dir"
  echo "== $role (${creds[0]}): schemathesis, $MAX_EXAMPLES examples, seed $SEED, seeded values: $SEEDED"
  set +e
  st "${config[@]}" run "$BASE/api/v1/openapi.json" \
    -H "Cookie: $cookie" -H "Origin: $BASE" \
    --checks all \
    --phases examples,coverage,fuzzing,stateful \
    --max-examples "$MAX_EXAMPLES" \
    --seed "$SEED" \
    --continue-on-failure \
    --workers "$WORKERS" \
    --request-timeout 35 \
    --no-color \
    --report junit,json,har \
    --report-dir "$dir" \
    > "$dir/output.txt" 2>&1
  code=$?
  set -e
  [ "$code" -ne 0 ] && rc=1
  tail -n 30 "$dir/output.txt"
  har_summary "$dir"/har-*.json | tee "$dir/requests.txt"
  check_responses "$OUT/openapi.json" "$dir"/har-*.json > "$dir/response-check.txt" || rc=1
  grep -A50 -E '^(mismatches:|no schema mismatches)' "$dir/response-check.txt"
  server_errors=$(python3 -c 'import json,sys; print(sum(1 for e in json.load(open(sys.argv[1]))["log"]["entries"] if e["response"]["status"] >= 500))' "$dir"/har-*.json)
  echo "5xx responses: $server_errors"
  echo "(full output: $dir/output.txt; exit code $code)"
done
exit $rc
