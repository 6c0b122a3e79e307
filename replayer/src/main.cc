// cephwire-replay: inspect captures of Ceph messenger traffic (send and peer
// come with the replayer).
#include <CLI/CLI.hpp>
#include <iostream>

#include "inspect.h"
#include "manifest_check.h"

int main(int argc, char** argv) {
  using namespace cephwire;
  CLI::App app{"cephwire-replay: inspect and replay captures of Ceph messenger traffic"};
  app.require_subcommand(1);

  auto* inspect = app.add_subcommand("inspect", "Sessions, messages, CRC verdicts, gaps of a capture");
  std::string file;
  bool json = false, verbose = false;
  inspect->add_option("CAPTURE", file, "pcap or pcapng file")->required();
  inspect->add_flag("--json", json, "one JSON document (keys: see README)");
  inspect->add_flag("-v,--verbose", verbose, "list every message");
  bool list = false;
  inspect->add_flag("--list", list, "only the messages, one a line: source destination type seq (for comparisons)");
  std::string manifest;
  inspect->add_option("--manifest", manifest, "check the capture against this manifest; exit 1 on any difference");

  CLI11_PARSE(app, argc, argv);

  if (*inspect) {
    capture::Summary s = capture::summarize(file);
    if (list)
      replay::print_message_list(std::cout, s);
    else if (json)
      std::cout << replay::summary_json(s).dump(2) << "\n";
    else
      replay::print_summary(std::cout, s, verbose);
    if (!s.read.ok) std::cerr << "cephwire-replay: " << s.read.error << "\n";
    if (!manifest.empty()) {
      try {
        auto diffs = replay::check_manifest(s, replay::load_manifest(manifest));
        for (auto& d : diffs) std::cerr << "manifest " << manifest << ": " << d << "\n";
        std::cerr << (diffs.empty() ? "matches " : "does NOT match ") << manifest << "\n";
        return diffs.empty() ? 0 : 1;
      } catch (const std::exception& e) {
        std::cerr << "cephwire-replay: " << e.what() << "\n";
        return 2;
      }
    }
    return replay::inspect_exit_status(s);
  }
  return 0;
}
