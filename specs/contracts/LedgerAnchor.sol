// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

/// @title LedgerAnchor
/// @notice Anchors the tree heads of the Ledger's RFC 9162 Merkle logs on a permissioned chain. Each log only
///         grows: a new tree head is accepted only with a consistency proof (RFC 9162 section 2.1.4.2) from the
///         last anchored one, so once a root is anchored no later anchor can rewrite the history beneath it.
/// @dev Hashes are SHA-256 (the precompile at 0x02) with RFC 9162's domain separation: an interior node is
///      sha256(0x01 || left || right). Leaves are never hashed here; proofs carry only subtree hashes.
contract LedgerAnchor {
    /// @notice The latest anchored tree head of one log.
    struct TreeHead {
        uint64 treeSize;
        uint64 anchoredAt;
        bytes32 root;
    }

    /// @notice The one account that decides who may anchor.
    address public admin;

    mapping(address account => bool allowed) private _anchorers;
    mapping(bytes32 logId => TreeHead head) private _latest;
    mapping(bytes32 logId => mapping(uint64 treeSize => bytes32 root)) private _roots;

    event AdminTransferred(address indexed previous, address indexed next);
    event AnchorerAdded(address indexed account);
    event AnchorerRemoved(address indexed account);
    event Anchored(bytes32 indexed logId, uint64 treeSize, bytes32 root, uint256 timestamp);

    error NotAdmin();
    error NotAnchorer(address account);
    error ZeroAddress();
    error EmptyRoot();
    error TreeSizeNotLarger(uint64 latest, uint64 given);
    error InconsistentHistory();

    modifier onlyAdmin() {
        if (msg.sender != admin) revert NotAdmin();
        _;
    }

    constructor() {
        admin = msg.sender;
        emit AdminTransferred(address(0), msg.sender);
    }

    /// @notice Hands the admin role to `next`; the caller loses it.
    function transferAdmin(address next) external onlyAdmin {
        if (next == address(0)) revert ZeroAddress();
        emit AdminTransferred(admin, next);
        admin = next;
    }

    /// @notice Allows `account` to anchor. Emits AnchorerAdded only when the account was not allowed already.
    function addAnchorer(address account) external onlyAdmin {
        if (account == address(0)) revert ZeroAddress();
        if (_anchorers[account]) return;
        _anchorers[account] = true;
        emit AnchorerAdded(account);
    }

    /// @notice Withdraws `account`'s right to anchor. Emits AnchorerRemoved only when the account was allowed.
    function removeAnchorer(address account) external onlyAdmin {
        if (!_anchorers[account]) return;
        _anchorers[account] = false;
        emit AnchorerRemoved(account);
    }

    function isAnchorer(address account) external view returns (bool) {
        return _anchorers[account];
    }

    /// @notice Anchors the tree head (`treeSize`, `root`) of log `logId`.
    /// @param consistencyProof The RFC 9162 consistency proof from the log's latest anchored tree head to this one;
    ///        empty for a log's first anchor.
    function anchor(bytes32 logId, uint64 treeSize, bytes32 root, bytes32[] calldata consistencyProof) external {
        if (!_anchorers[msg.sender]) revert NotAnchorer(msg.sender);
        if (root == bytes32(0)) revert EmptyRoot();
        TreeHead memory previous = _latest[logId];
        if (treeSize <= previous.treeSize) revert TreeSizeNotLarger(previous.treeSize, treeSize);
        if (!_isConsistent(previous.treeSize, treeSize, previous.root, root, consistencyProof)) {
            revert InconsistentHistory();
        }

        _roots[logId][treeSize] = root;
        _latest[logId] = TreeHead({treeSize: treeSize, anchoredAt: uint64(block.timestamp), root: root});
        emit Anchored(logId, treeSize, root, block.timestamp);
    }

    /// @notice The root anchored for log `logId` at `treeSize`, or zero when that size was never anchored.
    function rootAt(bytes32 logId, uint64 treeSize) external view returns (bytes32) {
        return _roots[logId][treeSize];
    }

    /// @notice The latest anchored tree head of log `logId`; all zero when the log was never anchored.
    function latest(bytes32 logId) external view returns (uint64 treeSize, bytes32 root, uint64 anchoredAt) {
        TreeHead memory head = _latest[logId];
        return (head.treeSize, head.root, head.anchoredAt);
    }

    /// @dev RFC 9162 section 2.1.4.2, for oldSize < newSize (anchor checks that first). When the old tree is
    ///      complete (its size a power of two) its root is the implicit first node of the proof; rather than copy
    ///      the calldata proof into a longer memory array, the walk starts from that root and reads the proof
    ///      from its first element instead of its second.
    function _isConsistent(
        uint256 oldSize,
        uint256 newSize,
        bytes32 oldRoot,
        bytes32 newRoot,
        bytes32[] calldata proof
    ) private pure returns (bool) {
        if (oldSize == 0) return proof.length == 0;
        if (proof.length == 0) return false;

        uint256 next;
        bytes32 fr;
        if ((oldSize & (oldSize - 1)) == 0) {
            fr = oldRoot;
        } else {
            fr = proof[0];
            next = 1;
        }
        bytes32 sr = fr;

        uint256 fn = oldSize - 1;
        uint256 sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }

        for (; next < proof.length; ++next) {
            if (sn == 0) return false;
            bytes32 c = proof[next];
            if ((fn & 1) == 1 || fn == sn) {
                fr = _node(c, fr);
                sr = _node(c, sr);
                // Along the right edge a node has no right sibling: climb until fn is a right child or the root.
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = _node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr == oldRoot && sr == newRoot;
    }

    /// @dev RFC 9162 section 2.1.1: the hash of an interior node.
    function _node(bytes32 left, bytes32 right) private pure returns (bytes32) {
        return sha256(abi.encodePacked(bytes1(0x01), left, right));
    }
}
