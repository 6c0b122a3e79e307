// The msgr2 machine of one direction: the banner (whose features, with the
// peer's, decide the frame revision), then frames: preamble, segment 0 (and
// its CRC in msgr2.1), the payload segments, the epilogue. Control frames are
// decoded and change the session (auth gating, compression, identities); past
// AUTH_DONE in secure mode the direction is ciphertext: with keys that open
// it, each secure frame is decrypted and read as a crc-mode frame would be.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/frames_v2.h"
#include "cephwire/msgr2.h"
#include "cephwire/pdu.h"
#include "session.h"
#include "sections.h"

namespace cephwire::parser {

struct Side;

class V2Machine {
 public:
  enum class St : uint8_t {
    BannerLen,
    BannerPayload,
    AwaitPeerBanner,
    Preamble,
    Seg0,
    Crc0,
    Payload,  // segments 1..3
    Epilogue,
    Cipher,        // ciphertext: opaque, or secure frames when the connection opened
    SecureFrame,   // the rest of a secure frame whose length is known
  };

  // Takes bytes while this direction stays in the machine and need not wait.
  void feed(Side& s, Bytes& in);
  void settle(Side& s);
  void after_payload(Side& s);
  bool waiting(const Side& s) const {
    return (st_ == St::AwaitPeerBanner || st_ == St::Preamble) && waiting_for_peer(s);
  }
  // The peer's banner will not come (it is mid-stream, searching or closed).
  static bool peer_banner_lost(const Side& s);
  void resume_open() { st_ = St::Preamble; }

  const char* item_name() const;
  // Between items: nothing of this direction is half-read.
  bool between_items() const { return st_ == St::Preamble || st_ == St::AwaitPeerBanner || st_ == St::Cipher; }
  bool decrypting(const Side& s) const;
  bool at_boundary() const { return st_ == St::Preamble; }
  bool encrypted() const { return st_ == St::Cipher || st_ == St::SecureFrame; }
  // A gap in this direction's ciphertext: decryption cannot go on past it.
  void cipher_gap(Side& s, uint64_t length);
  AtEnd at_end(bool partial) const;
  PduKind next_pdu(const Side& s, bool partial) const;

 private:
  void step(Side& s, Bytes& in);
  bool waiting_for_peer(const Side& s) const;
  void on_banner_len(Side& s, Bytes& in);
  void on_banner_payload(Side& s, Bytes& in);
  void on_await_peer_banner(Side& s);
  void on_preamble(Side& s, Bytes& in);
  void on_seg0(Side& s, Bytes& in);
  void after_seg0(Side& s);
  void on_crc0(Side& s, Bytes& in);
  void after_crc0(Side& s);
  void begin_message(Side& s);
  void on_epilogue(Side& s, Bytes& in);
  void on_cipher(Side& s, Bytes& in);
  void on_secure_frame(Side& s, Bytes& in);
  void read_decrypted(Side& s, const secure::DecryptedFrame& f);
  void stop_decrypting(Side& s, uint64_t at, std::string why, bool is_error);
  void learn_keys(Side& s);
  void open_secure(Side& s);
  void check_signature(Side& s, const msgr2::AuthSignature& sig);
  bool accept_preamble(Side& s);
  bool decompress(Side& s);
  void finish_frame(Side& s, const msgr2::Epilogue* e);
  void apply_control(Side& s, const msgr2::ControlPayload& c);
  void go(Side& s, St st);
  // The client's auth exchange is over (the server's AUTH_DONE answered its
  // last request) but this direction has not moved on from it yet.
  bool client_auth_finished(const Side& s) const;

  St st_ = St::BannerLen;
  uint32_t banner_len_ = 0;
  bool is_message_ = false;
  bool compressed_ = false;
  msgr2::Preamble pre_;
  msgr2::FrameLayout layout_;
  std::vector<uint8_t> seg0_;
  uint32_t seg0_crc_ = 0;
  Sections::Raw zseg_;  // a compressed frame's segments 1..3, as on the wire
  // auth gating (client direction)
  bool auth_done_ = false;
  bool cipher_started_ = false;
  bool decrypted_ = false;  // the frame in progress was a secure one
  uint64_t secure_len_ = 0;
  secure::DecryptedFrame plain_;  // the secure frame being read: views into acc
};

}  // namespace cephwire::parser
