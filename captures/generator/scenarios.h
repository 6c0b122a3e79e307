#pragma once

#include <string>

namespace cephwire::gen {

// Writes every synthetic capture and its manifest into `dir`.
void write_all(const std::string& dir);

}  // namespace cephwire::gen
