// msgr2 secure mode in the plugin: the msgr.keyring preference, the
// capture's key store (filled on the first pass, in frame order, as monitor
// sessions teach tickets and rotating secrets), and what each connection's
// secure session said, shown the same on every pass.
#pragma once

#include <string>

#include "cephwire/parser.h"
#include "cephwire/secure/key_store.h"
#include "msgr.h"

namespace msgr {

// What the first pass's parser said of one connection's secure mode.
struct SecureNote {
  std::string key_entity, key_how;  // opened with
  std::string not_opened;           // why not (empty: opened, or no keyring given)
  bool had_key = false;
};

// The key store of the capture being read; null without a keyring preference.
cephwire::secure::KeyStore* key_store();

// Fields of a decrypted frame the plugin adds itself (the key that opened it),
// and the notes of a secure session that stays ciphertext.
void add_secure_items(proto_tree* tree, tvbuff_t* tvb, const SecureNote& n);
void note_not_decrypted(packet_info* pinfo, proto_item* item, const SecureNote& n);

void register_secure(module_t* prefs_module, expert_module_t* em);

}  // namespace msgr
