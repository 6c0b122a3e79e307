// cephwire-replay: inspect captures of Ceph messenger traffic (send and peer
// come with the replayer).
#include <CLI/CLI.hpp>
#include <iostream>

#include "inspect.h"

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

  CLI11_PARSE(app, argc, argv);

  if (*inspect) {
    capture::Summary s = capture::summarize(file, {{}, verbose || json});
    if (json)
      std::cout << replay::summary_json(s).dump(2) << "\n";
    else
      replay::print_summary(std::cout, s, verbose);
    if (!s.read.ok) std::cerr << "cephwire-replay: " << s.read.error << "\n";
    return replay::inspect_exit_status(s);
  }
  return 0;
}
