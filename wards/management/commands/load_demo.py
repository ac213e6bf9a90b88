"""Create the demo ward with its records, as officers would have entered them."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

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

    def handle(self, *args, **options):
        # The demo users' passwords are published: never on a real server by accident. (The
        # tests run with DEBUG off, as pytest-django sets it, and load the demo: TESTING.)
        if not (settings.DEBUG or getattr(settings, "TESTING", False) or options["force"]):
            raise CommandError(REFUSED)
        with transaction.atomic():
            context = demo.load()
            # Each app adds its records (AppConfig.demo_loader, discovered by the registry).
            for label, loader in registry.demo_loaders():
                summary = loader(context)
                if summary:
                    self.stdout.write(f"{label}: {summary}")
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng. Tài khoản đăng nhập:"))
        for username, password, _role, name, title in demo.DEMO_USERS:
            self.stdout.write(f"  {title:<16} {name:<16} {username} / {password}")
