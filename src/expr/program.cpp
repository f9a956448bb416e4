#include "program.hpp"

#include <algorithm>
#include <cassert>
#include <climits>
#include <cstring>
#include <functional>

#include <fmt/format.h>

namespace kamscore::expr {

namespace {

// Big enough that the per-batch overhead (one indirect call per instruction) vanishes, small
// enough that a few registers of it stay in the L1/L2 cache.
constexpr std::size_t rows_per_batch = 1024;

std::string register_name(const Register& reg, int index) {
    if (reg.slot >= 0) return reg.name;
    constexpr std::string_view prefix = "nbt";
    return fmt::format("{}{}", prefix[static_cast<std::size_t>(reg.kind)], index);
}

std::string constant_text(RegisterKind kind, const Constant& constant) {
    switch (kind) {
    case RegisterKind::Number: return is_missing(constant.number) ? "missing" : fmt::format("{}", constant.number);
    case RegisterKind::Bool:
        return constant.boolean == bool_missing ? "missing" : constant.boolean == bool_true ? "true" : "false";
    case RegisterKind::Text: return constant.text.data() ? fmt::format("\"{}\"", constant.text) : "missing";
    }
    return "";
}

template <class T>
T* cells_of(Column& column) {
    if constexpr (std::is_same_v<T, double>) return column.numbers.data();
    else if constexpr (std::is_same_v<T, Bool3>) return column.bools.data();
    else return column.texts.data();
}

const void* column_cells(const Column& column, std::size_t first) {
    switch (column.type) {
    case Type::Number:
    case Type::Date: return column.numbers.data() + first;
    case Type::Bool: return column.bools.data() + first;
    case Type::Text: return column.texts.data() + first;
    }
    return nullptr;
}

Value value_of(Type type, const Machine& machine, int reg, const Constant& constant) {
    switch (type) {
    case Type::Number: return Value::of_number(reg >= 0 ? machine.read<double>(reg)[0] : constant.number);
    case Type::Date: return Value::of_date(reg >= 0 ? machine.read<double>(reg)[0] : constant.number);
    case Type::Bool: {
        Bool3 value = reg >= 0 ? machine.read<Bool3>(reg)[0] : constant.boolean;
        return value == bool_missing ? Value::missing_of(Type::Bool) : Value::of_bool(value == bool_true);
    }
    case Type::Text: {
        std::string_view value = reg >= 0 ? machine.read<std::string_view>(reg)[0] : constant.text;
        return value.data() ? Value::of_text(std::string(value)) : Value::missing_of(Type::Text);
    }
    }
    return {};
}

}  // namespace

void Program::Impl::allocate_buffers() {
    std::vector<bool> live(registers.size(), false);
    if (result >= 0) live[static_cast<std::size_t>(result)] = true;
    for (auto it = code.rbegin(); it != code.rend(); ++it) {
        if (!live[static_cast<std::size_t>(it->result)]) {
            it->kernel = nullptr;   // dead: removed below
            continue;
        }
        for (int i = 0; i < it->arity; ++i)
            if (it->args[static_cast<std::size_t>(i)] >= 0) live[static_cast<std::size_t>(it->args[static_cast<std::size_t>(i)])] = true;
    }
    std::erase_if(code, [](const Instruction& instruction) { return instruction.kernel == nullptr; });

    std::vector<std::size_t> last_use(registers.size(), 0);
    for (std::size_t i = 0; i < code.size(); ++i)
        for (int arg : code[i].args)
            if (arg >= 0) last_use[static_cast<std::size_t>(arg)] = i;
    std::array<std::vector<int>, 3> free_buffers;
    for (std::size_t i = 0; i < code.size(); ++i) {
        Register& written = registers[static_cast<std::size_t>(code[i].result)];
        auto kind = static_cast<std::size_t>(written.kind);
        // The result's buffer is taken before the operands' are freed: kernels never write
        // into a buffer they read.
        if (free_buffers[kind].empty()) {
            written.buffer = buffer_counts[kind]++;
        } else {
            written.buffer = free_buffers[kind].back();
            free_buffers[kind].pop_back();
        }
        for (int a = 0; a < code[i].arity; ++a) {
            int arg = code[i].args[static_cast<std::size_t>(a)];
            bool repeated = std::find(code[i].args.begin(), code[i].args.begin() + a, arg) != code[i].args.begin() + a;
            if (arg < 0 || arg == result || repeated || last_use[static_cast<std::size_t>(arg)] != i) continue;
            const Register& read = registers[static_cast<std::size_t>(arg)];
            if (read.slot < 0) free_buffers[static_cast<std::size_t>(read.kind)].push_back(read.buffer);
        }
    }
}

Machine Program::Impl::prepare(std::size_t batch_size) const {
    Machine machine;
    machine.batch_size = batch_size;
    machine.numbers.resize(static_cast<std::size_t>(buffer_counts[0]) * batch_size);
    machine.bools.resize(static_cast<std::size_t>(buffer_counts[1]) * batch_size);
    machine.texts.resize(static_cast<std::size_t>(buffer_counts[2]) * batch_size);
    machine.scratch.resize(static_cast<std::size_t>(scratch_count));
    machine.in.resize(registers.size());
    machine.out.resize(registers.size());
    for (std::size_t r = 0; r < registers.size(); ++r) {
        const Register& reg = registers[r];
        if (reg.slot >= 0 || reg.buffer < 0) continue;
        std::size_t offset = static_cast<std::size_t>(reg.buffer) * batch_size;
        void* cells = nullptr;
        switch (reg.kind) {
        case RegisterKind::Number: cells = machine.numbers.data() + offset; break;
        case RegisterKind::Bool: cells = machine.bools.data() + offset; break;
        case RegisterKind::Text: cells = machine.texts.data() + offset; break;
        }
        machine.in[r] = cells;
        machine.out[r] = cells;
    }
    return machine;
}

void Program::Impl::run_batch(Machine& machine, const Frame& frame, std::size_t first, std::size_t rows) const {
    assert(rows <= machine.batch_size);
    for (std::size_t r = 0; r < registers.size(); ++r) {
        const Register& reg = registers[r];
        if (reg.slot < 0) continue;
        const Column& column = frame.columns[static_cast<std::size_t>(reg.slot)];
        assert(register_kind(column.type) == reg.kind && column.size() >= first + rows);
        machine.in[r] = column_cells(column, first);
    }
    for (const Instruction& instruction : code) instruction.kernel(instruction, machine, rows);
}

void Program::Impl::copy_result(const Machine& machine, std::size_t rows, Column& out, std::size_t at,
                                const std::vector<std::string_view>& stored_literals,
                                TextArena& text_storage) const {
    auto copy = [&]<class T>(T*) {
        const T* from = machine.read<T>(result);
        std::copy(from, from + rows, cells_of<T>(out) + at);
    };
    switch (register_kind(type)) {
    case RegisterKind::Number: copy(static_cast<double*>(nullptr)); return;
    case RegisterKind::Bool: copy(static_cast<Bool3*>(nullptr)); return;
    case RegisterKind::Text: break;
    }
    std::uint8_t origin = registers[static_cast<std::size_t>(result)].text_origin;
    if (origin == from_frame) {
        copy(static_cast<std::string_view*>(nullptr));
        return;
    }
    // Views of the program's literals or of this run's scratch buffers would dangle once the
    // program or the run is gone; such texts are moved into text_storage.
    const std::string_view* from = machine.read<std::string_view>(result);
    std::string_view* to = out.texts.data() + at;
    std::less<const char*> before;
    for (std::size_t row = 0; row < rows; ++row) {
        std::string_view text = from[row];
        to[row] = text;
        if (!text.data()) continue;
        if (origin & from_literal) {
            auto literal = std::find_if(literals.begin(), literals.end(),
                                        [&](const std::string& l) { return l.data() == text.data(); });
            if (literal != literals.end()) {
                to[row] = stored_literals[static_cast<std::size_t>(literal - literals.begin())];
                continue;
            }
        }
        if (origin & from_scratch) {
            for (const std::string& scratch : machine.scratch) {
                if (!before(text.data(), scratch.data()) && before(text.data(), scratch.data() + scratch.size())) {
                    to[row] = text_storage.store(text);
                    break;
                }
            }
        }
    }
}

Program::Program() : impl_(std::make_unique<Impl>()) {}
Program::~Program() = default;
Program::Program(Program&&) noexcept = default;
Program& Program::operator=(Program&&) noexcept = default;

Type Program::type() const { return impl_->type; }
const std::vector<int>& Program::slots_read() const { return impl_->slots_read; }
const std::vector<std::string>& Program::names_read() const { return impl_->names_read; }

void Program::run(const Frame& frame, std::size_t begin, std::size_t end, Column& out,
                  TextArena& text_storage) const {
    const Impl& program = *impl_;
    assert(out.type == program.type && out.size() >= end);
    if (begin >= end) return;
    if (program.result < 0) {
        const Constant& constant = program.result_constant;
        switch (register_kind(program.type)) {
        case RegisterKind::Number: std::fill(out.numbers.begin() + begin, out.numbers.begin() + end, constant.number); break;
        case RegisterKind::Bool: std::fill(out.bools.begin() + begin, out.bools.begin() + end, constant.boolean); break;
        case RegisterKind::Text: {
            std::string_view text = constant.text.data() ? text_storage.store(constant.text) : std::string_view();
            std::fill(out.texts.begin() + begin, out.texts.begin() + end, text);
            break;
        }
        }
        return;
    }
    std::vector<std::string_view> stored_literals;
    if (program.type == Type::Text && (program.registers[static_cast<std::size_t>(program.result)].text_origin & from_literal))
        for (const std::string& literal : program.literals) stored_literals.push_back(text_storage.store(literal));
    Machine machine = program.prepare(std::min(rows_per_batch, end - begin));
    for (std::size_t first = begin; first < end; first += machine.batch_size) {
        std::size_t rows = std::min(machine.batch_size, end - first);
        program.run_batch(machine, frame, first, rows);
        program.copy_result(machine, rows, out, first, stored_literals, text_storage);
    }
}

Value Program::evaluate_row(const Frame& frame, std::size_t row) const {
    const Impl& program = *impl_;
    if (program.result < 0) {
        Machine none;
        return value_of(program.type, none, -1, program.result_constant);
    }
    Machine machine = program.prepare(1);
    program.run_batch(machine, frame, row, 1);
    return value_of(program.type, machine, program.result, program.result_constant);
}

std::string Program::listing() const {
    const Impl& program = *impl_;
    auto operand = [&](const Instruction& instruction, std::size_t i) {
        int reg = instruction.args[i];
        if (reg >= 0) return register_name(program.registers[static_cast<std::size_t>(reg)], reg);
        return constant_text(instruction.kinds[i], instruction.constants[i]);
    };
    std::string text;
    for (const Instruction& instruction : program.code) {
        text += fmt::format("{} = {}", register_name(program.registers[static_cast<std::size_t>(instruction.result)],
                                                      instruction.result),
                            instruction.name);
        for (std::size_t i = 0; i < static_cast<std::size_t>(instruction.arity); ++i)
            text += (i == 0 ? " " : ", ") + operand(instruction, i);
        if (!instruction.list.empty()) {
            text += " [";
            for (std::size_t i = 0; i < instruction.list.size(); ++i)
                text += (i == 0 ? "" : ", ") + constant_text(instruction.kinds[0], instruction.list[i]);
            text += "]";
        }
        text += '\n';
    }
    if (program.result >= 0)
        text += "return " + register_name(program.registers[static_cast<std::size_t>(program.result)], program.result);
    else
        text += "return " + constant_text(register_kind(program.type), program.result_constant);
    return text + "\n";
}

Program ProgramBuilder::make(std::unique_ptr<Program::Impl> impl) {
    Program program;
    program.impl_ = std::move(impl);
    return program;
}

}  // namespace kamscore::expr
