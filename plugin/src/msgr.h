// The Ceph Messenger dissector: shared declarations of the plugin's files.
//   msgr_fields.cc   fields, subtrees, expert entries, preferences
//   msgr_framing.cc  conversations, per-direction state, the PDU loop, heuristics
//   msgr_layout.cc   one PDU into the tree: places the fields the core lays out
#pragma once

#ifndef WS_BUILD_DLL
#define WS_BUILD_DLL
#endif
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>

#include "cephwire/pdu.h"
#include "ws_compat.h"

namespace msgr {

extern int proto;
extern dissector_handle_t handle;

// Preferences.
struct Prefs {
  ws::pref_bool verify_crc = true;
  ws::pref_bool zero_crc_unset = false;
  ws::pref_bool desegment = true;
  ws::pref_bool decode_fronts = true;
};
extern Prefs prefs;

void register_fields();
void register_handoff();

// One whole PDU at tvb offset 0: adds it to the tree; returns the info-column
// text for it (packet scope) or nullptr.
struct PduWhere;
// Where: the PDU's place (its requests and replies are tracked by it).
const char* dissect_pdu(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const cephwire::PduContext& ctx,
                        const PduWhere& where);
// Ciphertext: one item, and the expert note on the first of a direction.
// A PDU of `length` bytes of which tvb holds the first ones only (a capture
// gap follows): what can be shown of it (the message header). Info text or null.
const char* dissect_cut(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const cephwire::PduContext& ctx,
                        guint64 length);
struct SecureNote;
void dissect_opaque(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, bool first_ciphertext,
                    const SecureNote* secure = nullptr);

int dissect(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data);
ws::heur_ret dissect_heur(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data);

}  // namespace msgr
