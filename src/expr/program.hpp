// The compiled form of an expression: a linear list of typed instructions over virtual
// registers (each written once), run over batches of rows. Private to src/expr.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "kamscore/expr/compile.hpp"

namespace kamscore::expr {

/// Registers come in three kinds, one per storage vector of a Column; dates are numbers.
enum class RegisterKind : std::uint8_t { Number, Bool, Text };

inline RegisterKind register_kind(Type type) {
    return type == Type::Bool ? RegisterKind::Bool : type == Type::Text ? RegisterKind::Text : RegisterKind::Number;
}

/// A constant operand baked into an instruction; only the field of its kind is used.
struct Constant {
    double number = missing_number;
    Bool3 boolean = bool_missing;
    std::string_view text;   ///< a view of Program::Impl::literals; data() == nullptr: missing

    template <class T>
    T get() const {
        if constexpr (std::is_same_v<T, double>) return number;
        else if constexpr (std::is_same_v<T, Bool3>) return boolean;
        else return text;
    }
};

/// Where the texts in a text register may point; decides how results are copied out.
enum TextOrigin : std::uint8_t { from_frame = 1, from_literal = 2, from_scratch = 4 };

struct Machine;
struct Instruction;
/// Runs one instruction over the first `rows` rows of the current batch.
using Kernel = void (*)(const Instruction& instruction, Machine& machine, std::size_t rows);

struct Instruction {
    Kernel kernel = nullptr;
    std::string name;                       ///< e.g. "less_number", for Program::listing()
    int result = -1;                        ///< the register written
    int arity = 0;
    std::array<int, 3> args{-1, -1, -1};    ///< registers read; -1: constants[i] instead
    std::array<Constant, 3> constants{};
    std::array<RegisterKind, 3> kinds{};    ///< of each operand, for listing()
    std::vector<Constant> list;             ///< the values after `in`
    int scratch = -1;                       ///< lower/upper: index of the text buffer it fills
};

struct Register {
    RegisterKind kind = RegisterKind::Number;
    int slot = -1;                 ///< >= 0: reads this frame column directly, no copy
    int buffer = -1;               ///< otherwise: workspace buffer of its kind (after allocation)
    std::uint8_t text_origin = 0;
    std::string name;              ///< the slot's name, for listing()
};

/// Per-run state: the workspace buffers, and where each register's cells for the current
/// batch are (a workspace buffer, or a frame column at the batch's first row).
struct Machine {
    std::size_t batch_size = 0;
    std::vector<double> numbers;
    std::vector<Bool3> bools;
    std::vector<std::string_view> texts;
    std::vector<std::string> scratch;
    std::vector<const void*> in;
    std::vector<void*> out;

    template <class T>
    const T* read(int reg) const { return static_cast<const T*>(in[static_cast<std::size_t>(reg)]); }
    template <class T>
    T* write(int reg) const { return static_cast<T*>(out[static_cast<std::size_t>(reg)]); }
};

struct Program::Impl {
    Type type = Type::Number;
    std::vector<Instruction> code;
    std::vector<Register> registers;
    int result = -1;                        ///< the result register, or -1 for a constant
    Constant result_constant;
    std::array<int, 3> buffer_counts{};     ///< workspace buffers per RegisterKind
    int scratch_count = 0;
    std::deque<std::string> literals;       ///< texts of constants; a deque never moves them
    std::vector<int> slots_read;
    std::vector<std::string> names_read;

    /// Drops instructions whose result is never used (e.g. the x in `true or x`), then
    /// assigns workspace buffers to registers, reusing a buffer once its register is dead.
    void allocate_buffers();
    /// A machine for batches of up to `batch_size` rows.
    Machine prepare(std::size_t batch_size) const;
    /// Runs the code over rows [first, first + rows) of `frame`; the result is in the result register.
    void run_batch(Machine& machine, const Frame& frame, std::size_t first, std::size_t rows) const;
    /// Copies the result of the current batch into out[at, at + rows).
    void copy_result(const Machine& machine, std::size_t rows, Column& out, std::size_t at,
                     const std::vector<std::string_view>& stored_literals, TextArena& text_storage) const;
};

/// Creates Programs; a friend of Program.
struct ProgramBuilder {
    static Program make(std::unique_ptr<Program::Impl> impl);
};

}  // namespace kamscore::expr
