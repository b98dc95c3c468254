"""Exit non-zero, with one readable line, when the PostgreSQL of DATABASE_URL is unreachable."""

import sys
import time

import psycopg


def main(url: str) -> int:
    # The server's own database: the test database is created by the test runner.
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    error: Exception | None = None
    for _attempt in range(10):
        try:
            with psycopg.connect(admin_url, connect_timeout=3) as connection:
                connection.execute("select 1")
            return 0
        except psycopg.OperationalError as exc:
            error = exc
            time.sleep(1)
    print(f"PostgreSQL is unreachable at {admin_url}: {error}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
