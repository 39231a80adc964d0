using Ledger.Integrity.Chain;

namespace Ledger.Integrity.Tests.Chain;

/// <summary>
/// A contract assembled by hand, so that the live tests need no compiler. Its constructor takes a bytes32 that value()
/// then returns; ping(bytes32 data) emits Pinged(address indexed sender, bytes32 data); every other call reverts with
/// Refused(uint64 code) and code 7. Only PUSH1..PUSH32 opcodes carry immediates, so every jump target is fixed.
/// </summary>
internal static class TinyContract
{
    public static readonly AbiFunction Value = AbiFunction.Parse("value() view returns (bytes32)");
    public static readonly AbiFunction Ping = AbiFunction.Parse("ping(bytes32 data)");
    public static readonly AbiFunction Missing = AbiFunction.Parse("missing()");
    public static readonly AbiEvent Pinged = AbiEvent.Parse("Pinged(address indexed sender, bytes32 data)");
    public static readonly AbiError Refused = AbiError.Parse("Refused(uint64 code)");

    public static byte[] Runtime => Convert.FromHexString(string.Concat(
        // 0x00 dispatch on the selector, the first 4 bytes of the call data
        "6000", "35", "60e0", "1c",                                   // PUSH1 0, CALLDATALOAD, PUSH1 224, SHR
        "80", "63" + Hex(Value.Selector), "14", "602e", "57",         // DUP1, PUSH4 value(), EQ, PUSH1 0x2e, JUMPI
        "63" + Hex(Ping.Selector), "14", "6058", "57",                // PUSH4 ping(bytes32), EQ, PUSH1 0x58, JUMPI
        // 0x19 revert Refused(7): memory[0..4] = selector, memory[4..36] = 7
        "63" + Hex(Refused.Selector), "60e0", "1b", "6000", "52",     // PUSH4 Refused(uint64), PUSH1 224, SHL, PUSH1 0, MSTORE
        "6007", "6004", "52",                                         // PUSH1 7, PUSH1 4, MSTORE
        "6024", "6000", "fd",                                         // PUSH1 36, PUSH1 0, REVERT
        // 0x2e value(): return the 32 bytes the constructor wrote over this PUSH32's zeros (at 0x30)
        "5b", "7f" + new string('0', 64),                             // JUMPDEST, PUSH32 0
        "6000", "52", "6020", "6000", "f3",                           // PUSH1 0, MSTORE, PUSH1 32, PUSH1 0, RETURN
        // 0x58 ping(bytes32): LOG2(memory[0..32] = data, topic0 = Pinged, topic1 = caller)
        "5b", "6004", "35", "6000", "52",                             // JUMPDEST, PUSH1 4, CALLDATALOAD, PUSH1 0, MSTORE
        "33", "7f" + Pinged.Topic0.ToString()[2..],                   // CALLER, PUSH32 topic0
        "6020", "6000", "a2", "00"));                                 // PUSH1 32, PUSH1 0, LOG2, STOP

    /// <summary>Copies the runtime (0x87 bytes, after these 0x14) to memory, writes the constructor's bytes32 into value()'s PUSH32, returns it.</summary>
    public static byte[] Creation => Convert.FromHexString(string.Concat(
        "6087", "80", "6014", "6000", "39",                           // PUSH1 0x87, DUP1, PUSH1 0x14, PUSH1 0, CODECOPY
        "6020", "6020", "38", "03", "6030", "39",                     // PUSH1 32, PUSH1 32, CODESIZE, SUB, PUSH1 0x30, CODECOPY
        "6000", "f3",                                                 // PUSH1 0, RETURN (memory[0..0x87])
        Hex(Runtime)));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
