// The operations of the language as scalar functors (Op::apply), and kernel templates that
// run one functor over a batch. Each operand is either a register (a pointer into a buffer or
// a frame column) or a constant, fixed when the kernel is chosen, so every loop is a tight
// loop the compiler can vectorise: no per-row dispatch, lookup or allocation.
#pragma once

#include <cmath>
#include <string_view>

#include "program.hpp"
#include "scalar_functions.hpp"

namespace kamscore::expr {

template <class T>
bool is_missing_value(T value) {
    if constexpr (std::is_same_v<T, double>) return is_missing(value);
    else if constexpr (std::is_same_v<T, Bool3>) return value == bool_missing;
    else return value.data() == nullptr;
}

// ---- numbers (and dates, which are numbers of days) ----

struct NumberOp {
    using Left = double;
    using Right = double;
    using Result = double;
};
struct Add : NumberOp { static double apply(double a, double b) { return a + b; } };
struct Subtract : NumberOp { static double apply(double a, double b) { return a - b; } };
struct Multiply : NumberOp { static double apply(double a, double b) { return a * b; } };
struct Divide : NumberOp { static double apply(double a, double b) { return b == 0 ? missing_number : a / b; } };
struct Modulo : NumberOp {
    static double apply(double a, double b) { return b == 0 ? missing_number : std::fmod(a, b); }
};
// std::min would drop a NaN on one side; missing must win.
struct Min : NumberOp {
    static double apply(double a, double b) { return is_missing(a) || is_missing(b) ? missing_number : a < b ? a : b; }
};
struct Max : NumberOp {
    static double apply(double a, double b) { return is_missing(a) || is_missing(b) ? missing_number : a > b ? a : b; }
};
struct RoundDigits : NumberOp { static double apply(double x, double digits) { return round_to_digits(x, digits); } };
struct LogBase : NumberOp { static double apply(double x, double base) { return log_base(x, base); } };
struct Negate : NumberOp { static double apply(double a) { return -a; } };
struct Abs : NumberOp { static double apply(double a) { return std::fabs(a); } };
struct Round : NumberOp { static double apply(double a) { return std::round(a); } };
struct Log : NumberOp { static double apply(double a) { return a > 0 ? std::log(a) : missing_number; } };
struct Sqrt : NumberOp { static double apply(double a) { return a >= 0 ? std::sqrt(a) : missing_number; } };
struct Floor : NumberOp { static double apply(double a) { return std::floor(a); } };
struct Ceil : NumberOp { static double apply(double a) { return std::ceil(a); } };
struct Exp : NumberOp { static double apply(double a) { return exp_or_missing(a); } };
struct Pow : NumberOp { static double apply(double base, double power) { return pow_or_missing(base, power); } };
struct Year : NumberOp { static double apply(double days) { return year_of(days); } };
struct Clamp : NumberOp {
    using Third = double;
    static double apply(double x, double low, double high) {
        if (is_missing(x) || is_missing(low) || is_missing(high)) return missing_number;
        double raised = x < low ? low : x;
        return raised > high ? high : raised;
    }
};

// ---- comparisons: never missing; a missing operand makes them false ----

template <class T>
struct CompareOp {
    using Left = T;
    using Right = T;
    using Result = Bool3;
    static bool present(T a, T b) { return !is_missing_value(a) && !is_missing_value(b); }
};
// For numbers NaN already compares false; texts need the check because a missing text is an
// empty view and would compare equal to "".
template <class T>
struct Less : CompareOp<T> { static Bool3 apply(T a, T b) { return CompareOp<T>::present(a, b) && a < b; } };
template <class T>
struct LessEqual : CompareOp<T> { static Bool3 apply(T a, T b) { return CompareOp<T>::present(a, b) && a <= b; } };
template <class T>
struct Greater : CompareOp<T> { static Bool3 apply(T a, T b) { return CompareOp<T>::present(a, b) && a > b; } };
template <class T>
struct GreaterEqual : CompareOp<T> { static Bool3 apply(T a, T b) { return CompareOp<T>::present(a, b) && a >= b; } };
template <class T>
struct Equal : CompareOp<T> { static Bool3 apply(T a, T b) { return CompareOp<T>::present(a, b) && a == b; } };
template <class T>
struct NotEqual : CompareOp<T> { static Bool3 apply(T a, T b) { return CompareOp<T>::present(a, b) && a != b; } };
// Specialised so the number loops stay branch-free: NaN makes both < and > false.
template <>
struct Equal<double> : CompareOp<double> { static Bool3 apply(double a, double b) { return a == b; } };
template <>
struct NotEqual<double> : CompareOp<double> { static Bool3 apply(double a, double b) { return (a < b) | (a > b); } };
template <>
struct Less<double> : CompareOp<double> { static Bool3 apply(double a, double b) { return a < b; } };
template <>
struct LessEqual<double> : CompareOp<double> { static Bool3 apply(double a, double b) { return a <= b; } };
template <>
struct Greater<double> : CompareOp<double> { static Bool3 apply(double a, double b) { return a > b; } };
template <>
struct GreaterEqual<double> : CompareOp<double> { static Bool3 apply(double a, double b) { return a >= b; } };

// ---- Kleene logic ----

struct BoolOp {
    using Left = Bool3;
    using Right = Bool3;
    using Result = Bool3;
};
// Branch-free arithmetic rather than ifs: real bool columns are mixed unpredictably, and a
// mispredicted branch per row costs more than the operation; this form also vectorises.
struct And : BoolOp {
    static Bool3 apply(Bool3 a, Bool3 b) {
        int lower = a < b ? a : b;                                 // missing (-1) beats true (1)...
        int has_false = (a == bool_false) | (b == bool_false);    // ...and false beats both
        return static_cast<Bool3>(lower * (1 - has_false));
    }
};
struct Or : BoolOp {
    static Bool3 apply(Bool3 a, Bool3 b) {
        int lower = a < b ? a : b;                                 // missing (-1) beats false (0)...
        int has_true = (a == bool_true) | (b == bool_true);       // ...and true beats both
        return static_cast<Bool3>(lower + (1 - lower) * has_true);
    }
};
struct Not : BoolOp {
    static Bool3 apply(Bool3 a) { return static_cast<Bool3>(1 - a - 3 * (a == bool_missing)); }   // -1 stays -1
};

// ---- any type ----

template <class T>
struct IsMissing {
    using Left = T;
    using Result = Bool3;
    static Bool3 apply(T a) { return is_missing_value(a); }
};
template <class T>
struct Coalesce {
    using Left = T;
    using Right = T;
    using Result = T;
    static T apply(T a, T b) { return is_missing_value(a) ? b : a; }
};
/// if(condition, a, b): a missing condition does not hold, so it takes b.
template <class T>
struct Select {
    using Left = Bool3;
    using Right = T;
    using Third = T;
    using Result = T;
    static T apply(Bool3 condition, T a, T b) { return condition == bool_true ? a : b; }
};

// ---- text ----

struct TextPredicate {
    using Left = std::string_view;
    using Right = std::string_view;
    using Result = Bool3;
};
struct Contains : TextPredicate {
    static Bool3 apply(std::string_view text, std::string_view part) {
        if (is_missing_value(text) || is_missing_value(part)) return bool_missing;
        return text.find(part) != std::string_view::npos;
    }
};
struct StartsWith : TextPredicate {
    static Bool3 apply(std::string_view text, std::string_view prefix) {
        if (is_missing_value(text) || is_missing_value(prefix)) return bool_missing;
        return text.starts_with(prefix);
    }
};

// ---- kernel templates ----

template <class T, bool IsConstant>
struct Arg;
template <class T>
struct Arg<T, false> {
    const T* cells;
    Arg(const Instruction& instruction, const Machine& machine, int index)
        : cells(machine.read<T>(instruction.args[static_cast<std::size_t>(index)])) {}
    T operator[](std::size_t row) const { return cells[row]; }
};
template <class T>
struct Arg<T, true> {
    T value;
    Arg(const Instruction& instruction, const Machine&, int index)
        : value(instruction.constants[static_cast<std::size_t>(index)].get<T>()) {}
    T operator[](std::size_t) const { return value; }
};

template <class Op, bool ConstantA>
void unary_kernel(const Instruction& instruction, Machine& machine, std::size_t rows) {
    Arg<typename Op::Left, ConstantA> a(instruction, machine, 0);
    auto* out = machine.write<typename Op::Result>(instruction.result);
    for (std::size_t row = 0; row < rows; ++row) out[row] = Op::apply(a[row]);
}

template <class Op, bool ConstantA, bool ConstantB>
void binary_kernel(const Instruction& instruction, Machine& machine, std::size_t rows) {
    Arg<typename Op::Left, ConstantA> a(instruction, machine, 0);
    Arg<typename Op::Right, ConstantB> b(instruction, machine, 1);
    auto* out = machine.write<typename Op::Result>(instruction.result);
    for (std::size_t row = 0; row < rows; ++row) out[row] = Op::apply(a[row], b[row]);
}

template <class Op, bool ConstantA, bool ConstantB, bool ConstantC>
void ternary_kernel(const Instruction& instruction, Machine& machine, std::size_t rows) {
    Arg<typename Op::Left, ConstantA> a(instruction, machine, 0);
    Arg<typename Op::Right, ConstantB> b(instruction, machine, 1);
    Arg<typename Op::Third, ConstantC> c(instruction, machine, 2);
    auto* out = machine.write<typename Op::Result>(instruction.result);
    for (std::size_t row = 0; row < rows; ++row) out[row] = Op::apply(a[row], b[row], c[row]);
}

// All-constant operations are folded by the compiler, so that variant is never chosen.
template <class Op>
Kernel unary_kernel_for() { return &unary_kernel<Op, false>; }

template <class Op>
Kernel binary_kernel_for(bool constant_a, bool constant_b) {
    if (constant_a) return &binary_kernel<Op, true, false>;
    if (constant_b) return &binary_kernel<Op, false, true>;
    return &binary_kernel<Op, false, false>;
}

template <class Op>
Kernel ternary_kernel_for(bool constant_a, bool constant_b, bool constant_c) {
    int pattern = (constant_a ? 4 : 0) | (constant_b ? 2 : 0) | (constant_c ? 1 : 0);
    switch (pattern) {
    case 1: return &ternary_kernel<Op, false, false, true>;
    case 2: return &ternary_kernel<Op, false, true, false>;
    case 3: return &ternary_kernel<Op, false, true, true>;
    case 4: return &ternary_kernel<Op, true, false, false>;
    case 5: return &ternary_kernel<Op, true, false, true>;
    case 6: return &ternary_kernel<Op, true, true, false>;
    default: return &ternary_kernel<Op, false, false, false>;
    }
}

/// x in [constants...]: true when x equals one of them; a missing x is in no list.
template <class T>
void in_list_kernel(const Instruction& instruction, Machine& machine, std::size_t rows) {
    const T* x = machine.read<T>(instruction.args[0]);
    Bool3* out = machine.write<Bool3>(instruction.result);
    for (std::size_t row = 0; row < rows; ++row) {
        Bool3 found = bool_false;
        for (const Constant& element : instruction.list) found |= Equal<T>::apply(x[row], element.get<T>());
        out[row] = found;
    }
}

/// lower() and upper(): the new texts go to the instruction's scratch buffer, which keeps its
/// capacity from batch to batch.
template <bool ToUpper>
void change_case_kernel(const Instruction& instruction, Machine& machine, std::size_t rows) {
    const std::string_view* texts = machine.read<std::string_view>(instruction.args[0]);
    std::string_view* out = machine.write<std::string_view>(instruction.result);
    std::string& scratch = machine.scratch[static_cast<std::size_t>(instruction.scratch)];
    std::size_t total = 0;
    for (std::size_t row = 0; row < rows; ++row) total += texts[row].size();
    scratch.resize(total);
    std::size_t used = 0;
    for (std::size_t row = 0; row < rows; ++row) {
        std::string_view text = texts[row];
        // Missing stays missing, and "" stays the input's view: an empty view into the
        // scratch buffer could not be told apart from the frame's when results are copied out.
        if (text.empty()) {
            out[row] = text;
            continue;
        }
        change_case(text, scratch.data() + used, ToUpper);
        out[row] = std::string_view(scratch.data() + used, text.size());
        used += text.size();
    }
}

}  // namespace kamscore::expr
