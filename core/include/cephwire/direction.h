// Which way bytes flow in a TCP connection: from the side that connected
// (the client) or from the side that accepted (the server).
#pragma once

#include <cstdint>
#include <vector>

namespace cephwire {

enum class Dir : uint8_t { ToServer = 0, ToClient = 1 };
inline Dir peer_of(Dir d) { return d == Dir::ToServer ? Dir::ToClient : Dir::ToServer; }
const char* dir_name(Dir d);  // "client->server", "server->client"

// Bytes one side sends in one go; a conversation is a list of them in order.
struct Chunk {
  Dir dir = Dir::ToServer;
  std::vector<uint8_t> bytes;
};
using Conversation = std::vector<Chunk>;

}  // namespace cephwire
