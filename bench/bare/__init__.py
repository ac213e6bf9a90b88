"""The bench's yardstick: the least a Django form-insert view and an indexed look-up view cost
on the same server, settings, middleware and client as the real pages (bench/http_bench.py).
Installed only by bench_settings; its table is made with `migrate --run-syncdb`."""
