"""URL converters of the visits app, registered once for both its URL modules."""

from django.urls import register_converter


class ReportFormat:
    regex = "docx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ExportFormat(ReportFormat):
    regex = "csv|json"


class CountryCode(ReportFormat):
    regex = "[A-Za-z]{2}"


class RelatedDecision(ReportFormat):
    regex = "accept|reject"


register_converter(ReportFormat, "report_format")
register_converter(ExportFormat, "export_format")
register_converter(CountryCode, "country")
register_converter(RelatedDecision, "related_decision")
