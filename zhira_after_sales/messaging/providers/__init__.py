"""SMS provider adapters (plain Python + requests). `get_provider(config)` picks the adapter for
an SMS Gateway's provider."""

from .base import (
	DeliveryReport,
	DeliveryState,
	GatewayConfig,
	InboundSMS,
	MessageRejected,
	NotSupported,
	Provider,
	ProviderAuthError,
	ProviderError,
	ProviderUnavailable,
	SendResult,
)
from .frappe_sms import FrappeSmsSettings
from .ghasedak import Ghasedak
from .ippanel import IPPanel
from .kavenegar import Kavenegar
from .melipayamak import Melipayamak
from .smsir import SmsIr

# the SMS Gateway `provider` Select options, in this order
PROVIDERS: dict[str, type[Provider]] = {
	"Kavenegar": Kavenegar,
	"SMS.ir": SmsIr,
	"IPPanel/FarazSMS": IPPanel,
	"Melipayamak": Melipayamak,
	"Ghasedak": Ghasedak,
	"Frappe SMS Settings": FrappeSmsSettings,
}


def get_provider(config: GatewayConfig, session=None) -> Provider:
	try:
		cls = PROVIDERS[config.provider]
	except KeyError:
		raise NotSupported(f"unknown SMS provider {config.provider!r}")
	return cls(config, session=session)


__all__ = [
	"PROVIDERS",
	"DeliveryReport",
	"DeliveryState",
	"GatewayConfig",
	"InboundSMS",
	"MessageRejected",
	"NotSupported",
	"Provider",
	"ProviderAuthError",
	"ProviderError",
	"ProviderUnavailable",
	"SendResult",
	"get_provider",
]
