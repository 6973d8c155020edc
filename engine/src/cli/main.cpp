#include <iostream>

#include "cli.hpp"

int main(int argc, char** argv) { return hsd::engine::cli::main_cli(argc, argv); }
