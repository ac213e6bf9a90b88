"""Create the demo ward with its records, as officers would have entered them."""

import contextlib
import logging
import time
from collections.abc import Iterator

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings

from wards import demo
from wardsec import registry

REFUSED = (
    "Không chạy load_demo: DEBUG đang tắt (máy chủ thật). Lệnh này tạo các tài khoản mẫu với "
    "mật khẩu công khai trong README và cấp quyền trên một mã tỉnh có thật. Chỉ dùng trên máy "
    "phát triển (DEBUG=1); nếu thật sự muốn chạy ở đây, thêm --force."
)


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: Phường 3, thị xã Kiến Tường (Long An, nay thuộc Tây Ninh)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Chạy cả khi DEBUG tắt (các tài khoản mẫu có mật khẩu công khai).",
        )
        parser.add_argument(
            "--address",
            default="http://127.0.0.1:8000",
            help="Địa chỉ trang web in ở cuối (make run truyền HOST và PORT của nó).",
        )

    def handle(self, *args, **options):
        # The demo users' passwords are published: never on a real server by accident. (The
        # tests run with DEBUG off, as pytest-django sets it, and load the demo: TESTING.)
        if not (settings.DEBUG or getattr(settings, "TESTING", False) or options["force"]):
            raise CommandError(REFUSED)
        started = time.monotonic()
        with quietly(), transaction.atomic():
            self.progress("wards")
            context = demo.load()
            # Each app adds its records (AppConfig.demo_loader, discovered by the registry).
            summaries = []
            for label, loader in registry.demo_loaders():
                self.progress(label)
                summary = loader(context)
                if summary:
                    summaries.append(f"{label}: {summary}")
        self.stderr.write(f"  xong sau {time.monotonic() - started:.0f} giây.")
        for line in summaries:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng. Tài khoản đăng nhập:"))
        for username, password, _role, name, title in demo.DEMO_USERS:
            self.stdout.write(f"  {title:<16} {name:<16} {username} / {password}")
        address = options["address"].rstrip("/")
        self.stdout.write(f"Trang công khai: {address}/   Trang cán bộ: {address}/admin/")

    def progress(self, label: str) -> None:
        """One line per app while the demo loads (on stderr: the summary stays on stdout)."""
        self.stderr.write(f"  đang tạo dữ liệu mẫu: {label}…")
        self.stderr.flush()


@contextlib.contextmanager
def quietly() -> Iterator[None]:
    """While the demo loads, the notifications its records trigger (e-mails to officers, run
    inline by Celery without a broker) go nowhere and the tasks' log lines are not printed: the
    person who typed `make run` sees the progress and the summary, not hundreds of e-mails."""
    trace = logging.getLogger("celery.app.trace")
    level = trace.level
    trace.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        trace.setLevel(level)
