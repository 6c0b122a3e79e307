#include "manifest.h"

#include <fstream>
#include <stdexcept>

#include "cephwire/msg_types.h"

namespace cephwire::gen {

using nlohmann::json;

json empty_manifest(const std::string& capture, const std::string& source, const std::string& description) {
  return {{"capture", capture},
          {"source", source},
          {"description", description},
          {"messages_total", 0},
          {"connections", json::array()},
          {"crc_errors", json::array()},
          {"gaps", json::array()},
          {"skipped", json::array()},
          {"errors", json::array()},
          {"tcp_conflicts", json::array()},
          {"read_error", nullptr}};
}

Manifest::Manifest(std::string capture, std::string description, std::string format, uint32_t link) {
  j_ = empty_manifest(capture, "synthetic", description);
  j_["format"] = format;
  j_["link_type"] = capture::link_type_name(link);
}

size_t Manifest::connection(const capture::Endpoint& c, const capture::Endpoint& s, const char* protocol) {
  j_["connections"].push_back({{"client", c.to_string()},
                               {"server", s.to_string()},
                               {"protocol", protocol},
                               {"encrypted", false},
                               {"received_by_server", json::object()},
                               {"received_by_client", json::object()},
                               {"messages", json::array()}});
  return j_["connections"].size() - 1;
}

void Manifest::encrypted(size_t conn) { j_["connections"][conn]["encrypted"] = true; }

void Manifest::message(size_t conn, Dir d, const Message& m, const std::string& text) {
  auto& c = j_["connections"][conn];
  auto& slot = c[dir_key(d)][std::to_string(m.type)];
  if (slot.is_null()) {
    const char* name = msg_type_name(m.type);
    slot = {{"name", name ? name : "unknown"}, {"count", 0}};
  }
  slot["count"] = slot["count"].get<uint64_t>() + 1;
  c["messages"].push_back({{"direction", dir_name(d)},
                           {"type", m.type},
                           {"seq", m.seq},
                           {"tid", m.tid},
                           {"front_len", m.front_len},
                           {"middle_len", m.middle_len},
                           {"data_len", m.data_len}});
  if (!text.empty()) c["messages"].back()["text"] = text;
  j_["messages_total"] = j_["messages_total"].get<uint64_t>() + 1;
}

void Manifest::crc_error(size_t conn, Dir d, CrcField field, uint8_t segment, uint64_t offset) {
  json e = {{"connection", conn}, {"direction", dir_name(d)}, {"field", crc_field_name(field)}, {"stream_offset", offset}};
  if (field == CrcField::V2Segment) e["segment"] = segment;
  j_["crc_errors"].push_back(e);
}

void Manifest::gap(size_t conn, Dir d, uint64_t offset, uint64_t length, bool inside) {
  j_["gaps"].push_back({{"connection", conn},
                        {"direction", dir_name(d)},
                        {"stream_offset", offset},
                        {"length", length},
                        {"inside_payload", inside}});
}

void Manifest::skipped(size_t conn, Dir d, uint64_t offset, uint64_t length, SkipReason reason) {
  j_["skipped"].push_back({{"connection", conn},
                           {"direction", dir_name(d)},
                           {"stream_offset", offset},
                           {"length", length},
                           {"reason", skip_reason_name(reason)}});
}

void Manifest::error(size_t conn, Dir d, ErrorKind kind, uint64_t offset) {
  j_["errors"].push_back(
      {{"connection", conn}, {"direction", dir_name(d)}, {"kind", error_kind_name(kind)}, {"stream_offset", offset}});
}

void Manifest::conflict(size_t conn, Dir d, uint64_t offset, uint64_t length) {
  j_["tcp_conflicts"].push_back(
      {{"connection", conn}, {"direction", dir_name(d)}, {"stream_offset", offset}, {"length", length}});
}

void Manifest::read_error(uint64_t offset) { j_["read_error"] = {{"offset", offset}}; }

void Manifest::write(const std::string& path) const {
  std::ofstream f(path);
  f << j_.dump(1) << "\n";
  if (!f) throw std::runtime_error(path + ": cannot write the manifest");
}

}  // namespace cephwire::gen
