"""Aggregates → read-model documents (what lists filter on) and → JSON for the API."""

from fazhi.dictionary import Dictionary
from services.disclosure.contract import LABELS
from services.disclosure.domain.publication_state import PUBLICATION_STATUS_LABELS, PublicationStatus
from services.disclosure.domain.request_state import REQUEST_STATUS_LABELS, RequestStatus

DICTIONARY = Dictionary.of(LABELS, {RequestStatus: REQUEST_STATUS_LABELS, PublicationStatus: PUBLICATION_STATUS_LABELS})
