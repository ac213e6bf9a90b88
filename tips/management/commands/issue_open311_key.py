"""Register an outside system (a provincial app, a hotline desk) for Open311 and print its API
key. The key is shown this once: only its hash is stored."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tips import services
from wards.models import Province


class Command(BaseCommand):
    help = _("Cấp khóa API Open311 cho một hệ thống kết nối của một tỉnh/thành phố.")

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help=_("Tên hệ thống kết nối"))
        parser.add_argument("--province", required=True, help=_("Mã tỉnh/thành phố"))

    def handle(self, *args, **options):
        name = services.nfc(options["name"])
        if not name:
            raise CommandError(_("Hãy đặt tên cho hệ thống kết nối."))
        province = Province.objects.filter(code=options["province"], is_active=True).first()
        if province is None:
            raise CommandError(
                _("Không có tỉnh/thành phố đang hoạt động với mã %(code)s.")
                % {"code": options["province"]}
            )
        client, key = services.issue_open311_client(name=name, province=province, actor=None)
        self.stderr.write(
            _("Đã cấp khóa cho “%(name)s” (%(province)s). Khóa chỉ hiện một lần, hãy lưu lại:")
            % {"name": client.name, "province": province.name}
        )
        self.stdout.write(key)
