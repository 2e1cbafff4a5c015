"""egovkpi: track Vietnam's e-government KPIs against the targets set by law."""

__version__ = "0.1.0"
