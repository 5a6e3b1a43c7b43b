"""Evaluation and supervision metrics: pure functions over plain records and a period."""

from exitdoors_desktop.core.metrics.model import (
    CostCycle,
    InvolvementMeasure,
    Occasion,
    Participant,
    PartnerSurvey,
    Period,
    ReadinessMeasure,
    ReportData,
)
from exitdoors_desktop.core.metrics.publish import Section, ShownRow, ShownTable, publish
from exitdoors_desktop.core.metrics.report import OutcomeReport, outcome_report

__all__ = [
    "CostCycle",
    "InvolvementMeasure",
    "Occasion",
    "OutcomeReport",
    "Participant",
    "PartnerSurvey",
    "Period",
    "ReadinessMeasure",
    "ReportData",
    "Section",
    "ShownRow",
    "ShownTable",
    "outcome_report",
    "publish",
]
