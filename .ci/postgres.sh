# Starts Debian's PostgreSQL cluster and creates the test role and database (idempotent).
# Exports JTRACK_TEST_POSTGRES_URL, which the PostgreSQL tests require.
start_postgres() {
  local version
  version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  if ! pg_lsclusters -h | grep -q "^$version main"; then
    pg_createcluster "$version" main >/dev/null
  fi
  pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jtrack') THEN
    CREATE ROLE jtrack LOGIN PASSWORD 'jtrack' CREATEDB;
  END IF;
END $$;
SQL
  runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname='jtrack_test'" | grep -q 1 \
    || runuser -u postgres -- createdb -O jtrack jtrack_test
  export JTRACK_TEST_POSTGRES_URL="postgresql://jtrack:jtrack@127.0.0.1:5432/jtrack_test"
}
