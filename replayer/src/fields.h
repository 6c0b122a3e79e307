// `cephwire-replay inspect --fields`: every PDU of every session with its
// fields as the core lays them out (the same list the Wireshark plugin
// places): name, value, where it lies; CRC verdicts; what could not be framed.
#pragma once

#include <ostream>
#include <string>

#include "cephwire/capture/capture_reader.h"

namespace cephwire::replay {

// Returns the read result (its error, if any, is for the caller to print).
capture::ReadResult print_fields(std::ostream& out, const std::string& path, const capture::ReaderOptions& o);

}  // namespace cephwire::replay
