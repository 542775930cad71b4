"""Messages <-> the canonical model: PAXLST, CUSRES, PNRGOV (EDIFACT and XML).

`parse_interchange(raw)` is the one entry point for reading: it routes each
message on its UNH type (see `dispatch`). `to_contract(parsed)` gives the JSON
contract of `paxscreen parse --json`. Message-level parsers receive a
`MessageContext` (see `context`).

The other public modules, imported by their path:

    paxlst          parse_paxlst_message (PAXLST -> flights, travellers, documents)
    paxlst_writer   write_paxlst / format_paxlst (Message + flights + travellers -> PAXLST)
    iapi            read_iapi_request, iapi_request_from, answer_request (iAPI PAXLST requests)
    cusres          CusresReply, write_cusres, parse_cusres_message (iAPI replies)
    pnrgov, pnrgov_xml, pnrgov_writer   PNRGOV EDIFACT and XML
    cli             `paxscreen parse`
"""

from paxscreen.messages.context import FindingSink, MessageContext
from paxscreen.messages.contract import to_contract
from paxscreen.messages.dispatch import PARSERS, parse_interchange, parse_message

__all__ = [
    "PARSERS",
    "FindingSink",
    "MessageContext",
    "parse_interchange",
    "parse_message",
    "to_contract",
]
