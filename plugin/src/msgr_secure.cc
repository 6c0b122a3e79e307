#include "msgr_secure.h"

#include <memory>

#include <wsutil/report_message.h>
#include "msgr_fields.h"

namespace msgr {
namespace {

const char* keyring_pref = "";
std::unique_ptr<cephwire::secure::KeyStore> store;

int hf_key_entity = -1, hf_key_how = -1, hf_decrypted = -1;
expert_field ei_no_key = EI_INIT, ei_key_fails = EI_INIT;

// A new capture (or new preferences): the keyring read again, nothing learned yet.
void init_file() {
  store.reset();
  if (!keyring_pref || !*keyring_pref) return;
  cephwire::secure::Keyring k;
  k.load(keyring_pref);
  for (const auto& p : k.problems()) report_failure("msgr.keyring: %s", p.text().c_str());
  store = std::make_unique<cephwire::secure::KeyStore>(std::move(k));
}

void cleanup_file() { store.reset(); }

}  // namespace

cephwire::secure::KeyStore* key_store() { return store.get(); }

void add_secure_items(proto_tree* tree, tvbuff_t* tvb, const SecureNote& n) {
  proto_item_set_generated(proto_tree_add_string(tree, hf_key_entity, tvb, 0, 0, n.key_entity.c_str()));
  proto_item_set_generated(proto_tree_add_string(tree, hf_key_how, tvb, 0, 0, n.key_how.c_str()));
}

void note_not_decrypted(packet_info* pinfo, proto_item* item, const SecureNote& n) {
  if (n.not_opened.empty()) return;
  expert_add_info_format(pinfo, item, n.had_key ? &ei_key_fails : &ei_no_key, "Not decrypted: %s",
                         n.not_opened.c_str());
}

void register_secure(module_t* m, expert_module_t* em) {
  static hf_register_info fields[] = {
      {&hf_decrypted, {"Decrypted", "msgr.decrypted", FT_BOOLEAN, BASE_NONE, nullptr, 0,
                       "A msgr2 secure-mode frame, decrypted with the msgr.keyring preference's keys", HFILL}},
      {&hf_key_entity, {"Key entity", "msgr.key_entity", FT_STRING, BASE_NONE, nullptr, 0,
                        "The keyring entry whose key opened this connection (client.admin, osd.0, mon.)", HFILL}},
      {&hf_key_how, {"Key route", "msgr.key_route", FT_STRING, BASE_NONE, nullptr, 0,
                     "How that key opened it: a monitor login, a ticket learned on a monitor session, a ticket "
                     "opened with a rotating secret or the mon. key",
                     HFILL}},
  };
  proto_register_field_array(proto, fields, array_length(fields));
  static ei_register_info experts[] = {
      {&ei_no_key, {"msgr.secure.no_key", PI_SECURITY, PI_NOTE,
                    "msgr2 secure mode: no key given opens this connection", EXPFILL}},
      {&ei_key_fails, {"msgr.secure.key_fails", PI_DECRYPTION, PI_ERROR,
                       "msgr2 secure mode: a given key should open this connection and does not", EXPFILL}},
  };
  expert_register_field_array(em, experts, array_length(experts));
  prefs_register_filename_preference(m, "keyring", "Keyring",
                                     "Ceph keyring file (ceph auth export, or keyrings one after another) or a "
                                     "directory of them: msgr2 secure-mode connections are decrypted with its keys",
                                     &keyring_pref, false);
  register_init_routine(init_file);
  register_cleanup_routine(cleanup_file);
}

}  // namespace msgr
