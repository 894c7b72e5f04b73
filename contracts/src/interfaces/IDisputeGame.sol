// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {JobStatus} from "../types/JobStatus.sol";
import {ModelKind} from "../types/ModelKind.sol";
import {IJobMarket} from "./IJobMarket.sol";
import {IModelRegistry} from "./IModelRegistry.sol";
import {IParameters} from "./IParameters.sol";

/// @title Dispute game: fraud proofs for integer models (dense, conv2d, pooling and add layers)
/// @notice A challenger proves a submitted result wrong by naming the first wrong layer `l` of the
/// provider's trace (one round, no bisection), the provider reveals that layer's output vector
/// `a_l`, and the challenger points at one element `j` that the contract recomputes from the agreed
/// input `a_{l-1}` and the model's registered weights (`proveNeuron` for a dense layer, `proveConv`,
/// `provePool` or `proveAdd` for a spatial one). The side that is wrong, or that misses its
/// move deadline, loses. Activation `a_i` is bound by its hash `h_i`: `h_0` is the job's input hash,
/// `h_L` the output hash, `h_1 .. h_{L-1}` the leaves of the trace root (docs/model-format.md).
interface IDisputeGame {
    // ---------------------------------------------------------------- types
    /// @notice Where a dispute stands. The last two are final.
    enum DisputePhase {
        None, //             no such dispute
        AwaitingResponse, // the provider must reveal a_l
        AwaitingProof, //    the challenger must prove one element of a_l wrong
        ProviderWon, //      the challenger was wrong or missed its move
        ChallengerWon //     the provider was wrong or missed its move
    }

    /// @notice A dispute as returned by `getDispute` (the game stores the same fields packed in
    /// five slots, in an order of its own).
    struct Dispute {
        address challenger;
        uint40 deadline; // of the move the phase awaits; the last move's time once resolved
        uint16 layer; // l, 1-based: the first layer the challenger says is wrong
        DisputePhase phase;
        uint32 modelId;
        address provider;
        uint96 bond; // protocol token posted by the challenger
        uint256 jobId;
        bytes32 agreedHash; // h_{l-1}: the hash of layer l's input, which both sides hold correct
        bytes32 disputedHash; // h_l: the provider's hash of layer l's output
        uint8 round; // the job's auction round whose result is disputed (as the market counted it)
    }

    /// @notice The layer and the weight row the challenger's last move recomputes one element from.
    /// The layer leaf is `keccak256(abi.encodePacked(K, N, M, s, relu, rowsRoot))`, at index `l - 1`
    /// of the model's weight commitment; the row leaf is `keccak256(abi.encodePacked(row, bias))`,
    /// at index `j` of `rowsRoot`.
    struct LayerProof {
        uint32 K; // input width
        uint32 N; // output width
        uint32 M; // requantization multiplier
        uint8 s; // requantization shift
        bool relu;
        bytes32 rowsRoot;
        bytes32[] layerProof; // siblings of the layer leaf up to the weight commitment
        bytes row; // the K int8 weights of output j
        int32 bias; // b_j
        bytes32[] rowProof; // siblings of the row leaf up to rowsRoot
    }

    /// @notice A conv2d layer and the filter the last move recomputes one element from. The layer
    /// leaf is the 51 bytes `keccak256(abi.encodePacked(uint8(1), Cin, H, W, Cout, kh, kw, stride,
    /// pad, M, s, relu, filtersRoot))` at index `l - 1` of the model's weight commitment; the filter
    /// leaf of output channel `co = element / (Ho*Wo)` is `keccak256(abi.encodePacked(filter, bias))`
    /// at index `co` of `filtersRoot` (Cout leaves). docs/model-format.md has the arithmetic.
    struct ConvProof {
        uint16 Cin; // input channels
        uint16 H; // input height
        uint16 W; // input width
        uint16 Cout; // output channels
        uint8 kh; // kernel height
        uint8 kw; // kernel width
        uint8 stride;
        uint8 pad; // zero padding on all four sides
        uint32 M; // requantization multiplier
        uint8 s; // requantization shift
        bool relu;
        bytes32 filtersRoot;
        bytes32[] layerProof; // siblings of the layer leaf up to the weight commitment
        bytes filter; // the Cin*kh*kw int8 weights of output channel co, [Cin][kh][kw]
        int32 bias; // bias[co]
        bytes32[] filterProof; // siblings of the filter leaf up to filtersRoot
    }

    /// @notice A max or average pooling layer. The layer leaf is the keccak256 of the 10 bytes
    /// `abi.encodePacked(uint8(average ? 3 : 2), C, H, W, kh, kw, stride)` at index
    /// `l - 1` of the model's weight commitment.
    struct PoolProof {
        bool average; // false: max pool (leaf tag 2); true: average pool (leaf tag 3)
        uint16 C;
        uint16 H;
        uint16 W;
        uint8 kh;
        uint8 kw;
        uint8 stride;
        bytes32[] layerProof;
    }

    /// @notice A residual add layer and its second input `a_skip`. The layer leaf is the 19 bytes
    /// `keccak256(abi.encodePacked(uint8(4), C, H, W, skip, Ma, Mb, s, relu))` at index `l - 1` of
    /// the model's weight commitment. `skipActivation` must hash to `h_skip`: the job's input hash
    /// when `skip == 0`, else leaf `skip - 1` of the trace root (proof `skipProof`); `outputHash`
    /// and `traceRoot` are the disputed result's, which must hash to the job's result hash.
    struct AddProof {
        uint16 C;
        uint16 H;
        uint16 W;
        uint16 skip; // index r of the earlier activation a_r added to a_{l-1}, 0 <= r <= l - 2
        uint32 Ma; // multiplier of a_{l-1}
        uint32 Mb; // multiplier of a_skip
        uint8 s; // shift
        bool relu;
        bytes32[] layerProof;
        bytes skipActivation; // a_skip
        bytes32 outputHash;
        bytes32 traceRoot;
        bytes32[] skipProof; // siblings of h_skip up to traceRoot (empty when skip == 0)
    }

    // ---------------------------------------------------------------- errors
    /// @notice No dispute has id `disputeId`.
    error DisputeUnknown(uint256 disputeId);
    /// @notice A constructor argument was the zero address.
    error DisputeZeroAddress();
    /// @notice The job is in `status`; only a `Submitted` (or already `Disputed`) result can be challenged.
    error DisputeJobNotSubmitted(uint256 jobId, JobStatus status);
    /// @notice The provider `provider` cannot challenge its own result.
    error DisputeChallengerIsProvider(uint256 jobId, address provider);
    /// @notice `keccak256(outputHash, traceRoot)` is `computed`, not the job's result hash `expected`.
    error DisputeResultMismatch(uint256 jobId, bytes32 expected, bytes32 computed);
    /// @notice The model is of kind `kind`; only integer models (`IntegerDense`) have fraud proofs.
    error DisputeNotIntegerModel(uint256 modelId, ModelKind kind);
    /// @notice Layer `layer` does not exist in a model of `layerCount` layers (layers are 1-based).
    error DisputeLayerOutOfRange(uint256 layer, uint256 layerCount);
    /// @notice `hash` is not activation hash `index` of the job (the input hash, a trace leaf, or the output hash).
    error DisputeBadTraceProof(uint256 jobId, uint256 index, bytes32 hash);
    /// @notice The dispute is in `phase`, which does not allow this move.
    error DisputeWrongPhase(uint256 disputeId, DisputePhase phase);
    /// @notice Only the dispute's provider may make this move.
    error DisputeNotProvider(uint256 disputeId, address caller);
    /// @notice Only the dispute's challenger may make this move.
    error DisputeNotChallenger(uint256 disputeId, address caller);
    /// @notice The move was due by `deadline`.
    error DisputeMoveTooLate(uint256 disputeId, uint256 deadline);
    /// @notice The awaited move is due by `deadline`, which has not passed.
    error DisputeDeadlineNotPassed(uint256 disputeId, uint256 deadline);
    /// @notice The vector given hashes to `actual`, not to the dispute's `expected`.
    error DisputeActivationMismatch(uint256 disputeId, bytes32 expected, bytes32 actual);
    /// @notice The layer leaf is not leaf `layer - 1` of the model's weight commitment.
    error DisputeBadLayerProof(uint256 disputeId, uint256 layer);
    /// @notice The row leaf is not leaf `neuron` of the layer's rows root.
    error DisputeBadRowProof(uint256 disputeId, uint256 neuron);
    /// @notice The committed layer is outside the spec's bounds (1 <= K, N <= 4096, 1 <= M < 2^31, 1 <= s <= 62).
    error DisputeLayerOutOfSpec(uint256 K, uint256 N, uint256 M, uint256 s);
    /// @notice The committed bias is outside the spec's bound |b| <= 2^30.
    error DisputeBiasOutOfSpec(int256 bias);
    /// @notice The agreed input of the layer has `length` elements, not the layer's `K`: the first
    /// wrong layer is an earlier one (or, at layer 1, the job's input is malformed).
    error DisputeInputLengthMismatch(uint256 disputeId, uint256 K, uint256 length);
    /// @notice The weight row has `length` bytes, not `K`.
    error DisputeRowLengthMismatch(uint256 K, uint256 length);
    /// @notice Output `neuron` does not exist in a layer of `N` outputs.
    error DisputeNeuronOutOfRange(uint256 neuron, uint256 N);
    /// @notice The committed conv2d layer is outside the spec's bounds (1 <= Cin*kh*kw <= 1024,
    /// 1 <= kh, kw <= 15, 1 <= stride <= 8, pad < min(kh, kw), Ho, Wo >= 1, 1 <= Cout <= 4096,
    /// input and output at most 65,536 elements, 1 <= M < 2^31, 1 <= s <= 62).
    error DisputeConvOutOfSpec(
        uint256 Cin, uint256 H, uint256 W, uint256 Cout, uint256 kh, uint256 kw, uint256 stride, uint256 pad
    );
    /// @notice The committed pooling layer is outside the spec's bounds (1 <= kh <= H, 1 <= kw <= W,
    /// kh, kw <= 15, 1 <= stride <= 8, input at most 65,536 elements).
    error DisputePoolOutOfSpec(uint256 C, uint256 H, uint256 W, uint256 kh, uint256 kw, uint256 stride);
    /// @notice The committed add layer is outside the spec's bounds (skip <= l - 2, 1 <= Ma, Mb < 2^31,
    /// 1 <= s <= 62, at most 65,536 elements).
    error DisputeAddOutOfSpec(uint256 layer, uint256 skip, uint256 Ma, uint256 Mb, uint256 s);
    /// @notice The filter has `length` bytes, not the layer's `Cin*kh*kw`.
    error DisputeFilterLengthMismatch(uint256 expected, uint256 length);
    /// @notice The filter leaf is not leaf `channel` of the layer's filters root.
    error DisputeBadFilterProof(uint256 disputeId, uint256 channel);
    /// @notice The skip activation is not activation `skip` of the disputed result's trace.
    error DisputeBadSkipProof(uint256 disputeId, uint256 skip);
    /// @notice The skip activation has `length` elements, not the layer's `C*H*W`: the first wrong
    /// layer is an earlier one.
    error DisputeSkipLengthMismatch(uint256 disputeId, uint256 expected, uint256 length);
    /// @notice Output `element` does not exist in a layer of `size` outputs.
    error DisputeElementOutOfRange(uint256 element, uint256 size);
    /// @notice `account` has no bond credited.
    error DisputeNothingToClaim(address account);
    /// @notice Auction round `round` of the job was not proven wrong (or its reward pot is paid
    /// out): the dispute is not stale and must be played.
    error DisputeNotStale(uint256 disputeId, uint256 jobId, uint8 round);

    // ---------------------------------------------------------------- events
    /// @notice A dispute was opened on `jobId`: `challenger` says layer `layer` is the first wrong one,
    /// agreeing on its input hash `agreedHash` and disputing its output hash `disputedHash`; it posted
    /// `bond`; `provider` must reveal the layer's output by `responseDeadline`. The provider is the
    /// indexed party: it is the one that must react in time.
    event DisputeOpened(
        uint256 indexed disputeId,
        uint256 indexed jobId,
        address indexed provider,
        address challenger,
        uint256 modelId,
        uint256 layer,
        bytes32 agreedHash,
        bytes32 disputedHash,
        uint256 bond,
        uint256 responseDeadline
    );
    /// @notice The provider revealed the disputed layer's output `activation`; the challenger must
    /// prove one element wrong by `proofDeadline`.
    event DisputeResponded(uint256 indexed disputeId, uint256 indexed jobId, bytes activation, uint256 proofDeadline);
    /// @notice Element `neuron` of the disputed layer was recomputed: `computed` by the contract,
    /// `claimed` by the provider. They differ exactly when the provider lost.
    event NeuronProven(uint256 indexed disputeId, uint256 indexed jobId, uint256 neuron, int8 computed, int8 claimed);
    /// @notice Element `element` (C-major index) of the disputed spatial layer was recomputed:
    /// `computed` by the contract, `claimed` by the provider; `kind` is the layer leaf's tag
    /// (1 conv2d, 2 max pool, 3 average pool, 4 add). They differ exactly when the provider lost.
    event ElementProven(
        uint256 indexed disputeId, uint256 indexed jobId, uint8 kind, uint256 element, int8 computed, int8 claimed
    );
    /// @notice The provider's revealed vector has `revealedLength` elements where the layer has
    /// `expectedLength` outputs: the provider lost.
    event WrongLengthProven(
        uint256 indexed disputeId, uint256 indexed jobId, uint256 expectedLength, uint256 revealedLength
    );
    /// @notice The side awaited in `phase` missed its deadline; `loser` lost the dispute.
    event DisputeTimedOut(uint256 indexed disputeId, uint256 indexed jobId, DisputePhase phase, address loser);
    /// @notice The dispute ended; `winner` is the provider when `providerWon`, else the challenger.
    event DisputeResolved(uint256 indexed disputeId, uint256 indexed jobId, bool providerWon, address winner);
    /// @notice The dispute ended after another dispute had already proven auction round `round`'s
    /// result wrong (the job was refunded or re-auctioned): the market applied nothing, the bond
    /// went back to the challenger, and the challenger was credited its share of the round's
    /// reward pot (`RewardCredited`).
    event DisputeStale(uint256 indexed disputeId, uint256 indexed jobId, uint8 round);
    /// @notice Auction round `round` of the job was proven wrong: the game received `pot` (the
    /// challengers' share of the slash, measured as the balance it gained), to be split equally
    /// among the `shares` disputes of the round that were open at the conviction.
    event RewardPotFunded(uint256 indexed jobId, uint8 indexed round, uint256 pot, uint256 shares);
    /// @notice `account` was credited `amount` of the reward pot of `disputeId`'s round, to be claimed.
    event RewardCredited(address indexed account, uint256 indexed disputeId, uint256 amount);
    /// @notice The bond `amount` of `disputeId` was credited to `account`, to be claimed.
    event BondCredited(address indexed account, uint256 indexed disputeId, uint256 amount);
    /// @notice `account` claimed `amount` of credited bonds.
    event BondClaimed(address indexed account, uint256 amount);

    // ---------------------------------------------------------------- moves
    /// @notice Open a dispute on a `Submitted` result within its challenge window (anyone but the
    /// job's provider). Disputes run side by side: a result already `Disputed` by others can be
    /// challenged too, until the same deadline. Pulls `IParameters.challengerBond()` of the bond token (approve first).
    /// Layer `layer` (1-based) is the first layer the caller says is wrong: its input hash `hPrev`
    /// (`h_{l-1}`) is agreed, its output hash `hDisputed` (`h_l`) is disputed. `hPrev` is the job's
    /// input hash when `layer == 1`, else leaf `layer - 2` of the trace root with proof `proofPrev`;
    /// `hDisputed` is `outputHash` when `layer` is the last layer, else leaf `layer - 1` with proof
    /// `proofDisputed`. Proofs of the input or output hash are empty.
    /// @param outputHash the result's output hash, and `traceRoot` its trace commitment: together
    /// they must hash to the job's result hash
    /// @return disputeId the new dispute's id
    function challenge(
        uint256 jobId,
        uint256 layer,
        bytes32 outputHash,
        bytes32 traceRoot,
        bytes32 hPrev,
        bytes32[] calldata proofPrev,
        bytes32 hDisputed,
        bytes32[] calldata proofDisputed
    ) external returns (uint256 disputeId);

    /// @notice The provider's move: reveal the disputed layer's output `activation`, which must hash
    /// to the disputed hash, before the response deadline. Emitted so the challenger can find a wrong element.
    /// On a dispute whose round another dispute already proved wrong, ends it instead, as `closeStaleDispute`.
    function respond(uint256 disputeId, bytes calldata activation) external;

    /// @notice The challenger's move, before the proof deadline: recompute element `neuron` of the
    /// disputed layer from `prevActivation` (hashing to the agreed hash) and the registered weights
    /// in `proof`, and compare it with `disputedActivation[neuron]` (hashing to the disputed hash).
    /// The provider loses if they differ, or if `disputedActivation` does not have the layer's `N`
    /// elements (then `neuron` is not used); otherwise the challenger loses. When the provider loses,
    /// the market pays the challengers' share of the slash to this game as the round's reward pot,
    /// split equally among the round's disputes still open (this one takes its share at once). On a
    /// dispute whose round another dispute already proved wrong, ends it as `closeStaleDispute`.
    function proveNeuron(
        uint256 disputeId,
        uint256 neuron,
        bytes calldata prevActivation,
        bytes calldata disputedActivation,
        LayerProof calldata proof
    ) external;

    /// @notice The challenger's last move when the disputed layer is a conv2d layer: as
    /// `proveNeuron`, with output `element` (C-major index into a_l: channel `element / (Ho*Wo)`,
    /// row `element / Wo % Ho`, column `element % Wo`) recomputed from `prevActivation` (a_{l-1},
    /// `Cin*H*W` elements) and the filter and bias of its channel in `proof`. The provider loses if
    /// the element differs from `disputedActivation[element]`, or at once if `disputedActivation`
    /// does not have the layer's `Cout*Ho*Wo` elements.
    function proveConv(
        uint256 disputeId,
        uint256 element,
        bytes calldata prevActivation,
        bytes calldata disputedActivation,
        ConvProof calldata proof
    ) external;

    /// @notice The challenger's last move when the disputed layer is a max or average pooling
    /// layer: as `proveConv`, the element recomputed from its window of `prevActivation`
    /// (`C*H*W` elements; the output has `C*Ho*Wo`, `Ho = floor((H - kh)/stride) + 1`).
    function provePool(
        uint256 disputeId,
        uint256 element,
        bytes calldata prevActivation,
        bytes calldata disputedActivation,
        PoolProof calldata proof
    ) external;

    /// @notice The challenger's last move when the disputed layer is a residual add: as
    /// `proveConv`, the element recomputed from `prevActivation[element]` and
    /// `proof.skipActivation[element]`, the skip activation proven against the result's trace.
    function proveAdd(
        uint256 disputeId,
        uint256 element,
        bytes calldata prevActivation,
        bytes calldata disputedActivation,
        AddProof calldata proof
    ) external;

    /// @notice End a dispute whose awaited move is overdue (anyone): the side that did not move loses
    /// (a provider's loss funds the reward pot as in `proveNeuron`). On a dispute whose round another
    /// dispute already proved wrong, ends it at once, overdue or not, as `closeStaleDispute`.
    function timeout(uint256 disputeId) external;

    /// @notice End a dispute whose auction round another dispute already proved wrong (anyone, at
    /// once, whatever its phase and deadline): the challenger gets its bond back and its equal share
    /// of the round's reward pot. Reverts `DisputeNotStale` otherwise. `respond`, `proveNeuron` and
    /// `timeout` on such a dispute end it the same way instead of playing the move.
    function closeStaleDispute(uint256 disputeId) external;

    /// @notice Withdraw the bonds and rewards credited to the caller.
    function claim() external returns (uint256 amount);

    // ---------------------------------------------------------------- views
    /// @notice The dispute with id `disputeId` (reverts if unknown).
    function getDispute(uint256 disputeId) external view returns (Dispute memory);
    /// @notice Number of disputes ever opened (ids are 1..disputeCount).
    function disputeCount() external view returns (uint256);
    /// @notice Bond token (bonds and rewards) credited to `account` and not yet claimed.
    function claimable(address account) external view returns (uint256);
    /// @notice What is left of the reward pot of the job's auction round `round`, and how many
    /// disputes of the round still have a share of it to take (both zero unless the round was
    /// proven wrong and some of its disputes still run).
    function rewardPot(uint256 jobId, uint8 round) external view returns (uint256 remaining, uint256 sharesLeft);
    /// @notice The job market whose results this game disputes.
    function market() external view returns (IJobMarket);
    /// @notice The protocol parameters (challenger bond, move timeout).
    function parameters() external view returns (IParameters);
    /// @notice The model registry holding each model's kind, layer count and weight commitment.
    function registry() external view returns (IModelRegistry);
    /// @notice The token bonds are posted in: the protocol (staking) token.
    function bondToken() external view returns (IERC20);
}
