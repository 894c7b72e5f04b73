// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IDisputeGame} from "../interfaces/IDisputeGame.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IParameters} from "../interfaces/IParameters.sol";
import {IntegerDense} from "../libraries/IntegerDense.sol";
import {PositionalMerkle} from "../libraries/PositionalMerkle.sol";
import {JobStatus} from "../types/JobStatus.sol";
import {ModelKind} from "../types/ModelKind.sol";
import {ADD_TAG, AVG_POOL_TAG, CONV_TAG, MAX_POOL_TAG, SpatialStep} from "./SpatialStep.sol";

/// @title Dispute game
/// @notice Single round to the layer, then one neuron: the challenger names the first wrong layer,
/// the provider reveals that layer's output, the challenger has one element recomputed on chain.
/// See docs/fraud-proofs.md for the design and its reasons.
contract DisputeGame is IDisputeGame, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /* CONSTANTS */

    /// @dev Spec bounds of a layer (docs/model-format.md).
    uint256 private constant _MAX_WIDTH = 4096;
    int256 private constant _MAX_ABS_BIAS = 2 ** 30;

    /* IMMUTABLES */

    /// @inheritdoc IDisputeGame
    IJobMarket public immutable market;
    /// @inheritdoc IDisputeGame
    IParameters public immutable parameters;
    /// @inheritdoc IDisputeGame
    IModelRegistry public immutable registry;
    /// @inheritdoc IDisputeGame
    IERC20 public immutable bondToken;
    /// @notice The one-step check of spatial layers, created with the game (a contract of its own
    /// for the code size limit; see SpatialStep).
    SpatialStep public immutable spatialStep;

    /* STORAGE */

    uint256 private _disputeCount;
    mapping(uint256 disputeId => DisputeSlots) private _disputes;
    mapping(address account => uint256) private _credits;
    /// @dev The reward pot of each auction round proven wrong, while some of its disputes still run.
    mapping(uint256 jobId => mapping(uint8 round => RewardPot)) private _pots;

    /// @dev A dispute as stored: the fields of `IDisputeGame.Dispute` in five packed slots. The
    /// market's job ids fit 64 bits (its job counter is a uint64), which leaves room for the round
    /// beside the job. `getDispute` returns the interface's order.
    struct DisputeSlots {
        // slot 0
        address challenger;
        uint40 deadline;
        uint16 layer;
        DisputePhase phase;
        uint32 modelId;
        // slot 1
        address provider;
        uint96 bond;
        // slot 2
        uint64 jobId;
        uint8 round;
        // slot 3
        bytes32 agreedHash;
        // slot 4
        bytes32 disputedHash;
    }

    /// @dev What is left of a convicted round's reward pot and how many of its disputes still take a
    /// share. One slot: a pot is part of one job's collateral (a uint96 in the market), and the
    /// shares are counted disputes.
    struct RewardPot {
        uint128 remaining;
        uint128 sharesLeft;
    }

    /// @dev A challenged result: its job, and the hashes every activation of its trace is bound to.
    struct Trace {
        uint256 jobId;
        address provider;
        uint32 modelId;
        uint256 layerCount; // L
        bytes32 inputHash; // h_0
        bytes32 outputHash; // h_L
        bytes32 traceRoot; // over h_1 .. h_{L-1}
    }

    constructor(IJobMarket market_, IParameters parameters_, IModelRegistry registry_, IERC20 bondToken_) {
        if (
            address(market_) == address(0) || address(parameters_) == address(0) || address(registry_) == address(0)
                || address(bondToken_) == address(0)
        ) revert DisputeZeroAddress();
        market = market_;
        parameters = parameters_;
        registry = registry_;
        bondToken = bondToken_;
        spatialStep = new SpatialStep();
    }

    /* MOVES */

    /// @inheritdoc IDisputeGame
    function challenge(
        uint256 jobId,
        uint256 layer,
        bytes32 outputHash,
        bytes32 traceRoot,
        bytes32 hPrev,
        bytes32[] calldata proofPrev,
        bytes32 hDisputed,
        bytes32[] calldata proofDisputed
    ) external nonReentrant returns (uint256 disputeId) {
        Trace memory trace = _checkResult(jobId, layer, outputHash, traceRoot);
        _checkTraceHash(trace, layer - 1, hPrev, proofPrev);
        _checkTraceHash(trace, layer, hDisputed, proofDisputed);
        disputeId = _open(trace, layer, hPrev, hDisputed);
    }

    /// @inheritdoc IDisputeGame
    function respond(uint256 disputeId, bytes calldata activation) external nonReentrant {
        DisputeSlots storage dispute = _disputeAt(disputeId);
        if (_closedAsStale(disputeId, dispute)) return;
        _checkMove(disputeId, dispute, DisputePhase.AwaitingResponse);
        if (msg.sender != dispute.provider) revert DisputeNotProvider(disputeId, msg.sender);
        _checkActivation(disputeId, dispute.disputedHash, activation);

        uint256 deadline = block.timestamp + parameters.disputeMoveTimeout();
        dispute.phase = DisputePhase.AwaitingProof;
        dispute.deadline = uint40(deadline);
        emit DisputeResponded(disputeId, dispute.jobId, activation, deadline);
    }

    /// @inheritdoc IDisputeGame
    function proveNeuron(
        uint256 disputeId,
        uint256 neuron,
        bytes calldata prevActivation,
        bytes calldata disputedActivation,
        LayerProof calldata proof
    ) external nonReentrant {
        DisputeSlots storage dispute = _disputeAt(disputeId);
        if (_closedAsStale(disputeId, dispute)) return;
        _checkMove(disputeId, dispute, DisputePhase.AwaitingProof);
        if (msg.sender != dispute.challenger) revert DisputeNotChallenger(disputeId, msg.sender);
        _checkActivation(disputeId, dispute.agreedHash, prevActivation);
        _checkActivation(disputeId, dispute.disputedHash, disputedActivation);
        _checkLayer(disputeId, dispute, proof);

        // A vector of the wrong length is never a layer's output, whatever the input: no element
        // needs recomputing. (The provider revealed it, so it is the preimage of its h_l.)
        if (disputedActivation.length != proof.N) {
            emit WrongLengthProven(disputeId, dispute.jobId, proof.N, disputedActivation.length);
            _resolve(disputeId, dispute, false);
            return;
        }
        if (prevActivation.length != proof.K) {
            revert DisputeInputLengthMismatch(disputeId, proof.K, prevActivation.length);
        }
        if (neuron >= proof.N) revert DisputeNeuronOutOfRange(neuron, proof.N);
        _checkRow(disputeId, neuron, proof);

        int8 computed = IntegerDense.neuron(prevActivation, proof.row, proof.bias, proof.M, proof.s, proof.relu);
        int8 claimed = int8(uint8(disputedActivation[neuron]));
        emit NeuronProven(disputeId, dispute.jobId, neuron, computed, claimed);
        _resolve(disputeId, dispute, computed == claimed);
    }

    /// @inheritdoc IDisputeGame
    function proveConv(
        uint256 disputeId,
        uint256 element,
        bytes calldata prevActivation,
        bytes calldata disputedActivation,
        ConvProof calldata proof
    ) external nonReentrant {
        DisputeSlots storage dispute = _disputeAt(disputeId);
        if (!_startProof(disputeId, dispute, prevActivation, disputedActivation)) return;
        SpatialStep.Step memory step =
            spatialStep.conv(disputeId, element, prevActivation, disputedActivation.length, proof);
        _finishProof(disputeId, dispute, CONV_TAG, element, step, proof.layerProof, disputedActivation);
    }

    /// @inheritdoc IDisputeGame
    function provePool(
        uint256 disputeId,
        uint256 element,
        bytes calldata prevActivation,
        bytes calldata disputedActivation,
        PoolProof calldata proof
    ) external nonReentrant {
        DisputeSlots storage dispute = _disputeAt(disputeId);
        if (!_startProof(disputeId, dispute, prevActivation, disputedActivation)) return;
        SpatialStep.Step memory step =
            spatialStep.pool(disputeId, element, prevActivation, disputedActivation.length, proof);
        uint8 kind = proof.average ? AVG_POOL_TAG : MAX_POOL_TAG;
        _finishProof(disputeId, dispute, kind, element, step, proof.layerProof, disputedActivation);
    }

    /// @inheritdoc IDisputeGame
    function proveAdd(
        uint256 disputeId,
        uint256 element,
        bytes calldata prevActivation,
        bytes calldata disputedActivation,
        AddProof calldata proof
    ) external nonReentrant {
        DisputeSlots storage dispute = _disputeAt(disputeId);
        if (!_startProof(disputeId, dispute, prevActivation, disputedActivation)) return;
        SpatialStep.Step memory step =
            spatialStep.add(disputeId, dispute.layer, element, prevActivation, disputedActivation.length, proof);
        if (disputedActivation.length == step.outputSize) _checkSkip(disputeId, dispute, proof);
        _finishProof(disputeId, dispute, ADD_TAG, element, step, proof.layerProof, disputedActivation);
    }

    /// @inheritdoc IDisputeGame
    function timeout(uint256 disputeId) external nonReentrant {
        DisputeSlots storage dispute = _disputeAt(disputeId);
        if (_closedAsStale(disputeId, dispute)) return;
        DisputePhase phase = dispute.phase;
        if (phase != DisputePhase.AwaitingResponse && phase != DisputePhase.AwaitingProof) {
            revert DisputeWrongPhase(disputeId, phase);
        }
        uint256 deadline = dispute.deadline;
        if (block.timestamp <= deadline) revert DisputeDeadlineNotPassed(disputeId, deadline);

        // The provider owes the response, the challenger the proof.
        bool providerWon = phase == DisputePhase.AwaitingProof;
        emit DisputeTimedOut(disputeId, dispute.jobId, phase, providerWon ? dispute.challenger : dispute.provider);
        _resolve(disputeId, dispute, providerWon);
    }

    /// @inheritdoc IDisputeGame
    function closeStaleDispute(uint256 disputeId) external nonReentrant {
        DisputeSlots storage dispute = _disputeAt(disputeId);
        if (!_closedAsStale(disputeId, dispute)) {
            DisputePhase phase = dispute.phase;
            if (phase != DisputePhase.AwaitingResponse && phase != DisputePhase.AwaitingProof) {
                revert DisputeWrongPhase(disputeId, phase);
            }
            revert DisputeNotStale(disputeId, dispute.jobId, dispute.round);
        }
    }

    /// @inheritdoc IDisputeGame
    function claim() external nonReentrant returns (uint256 amount) {
        amount = _credits[msg.sender];
        if (amount == 0) revert DisputeNothingToClaim(msg.sender);
        _credits[msg.sender] = 0;
        emit BondClaimed(msg.sender, amount);
        bondToken.safeTransfer(msg.sender, amount);
    }

    /* VIEWS */

    /// @inheritdoc IDisputeGame
    function getDispute(uint256 disputeId) external view returns (Dispute memory) {
        DisputeSlots storage d = _disputeAt(disputeId);
        return Dispute({
            challenger: d.challenger,
            deadline: d.deadline,
            layer: d.layer,
            phase: d.phase,
            modelId: d.modelId,
            provider: d.provider,
            bond: d.bond,
            jobId: d.jobId,
            agreedHash: d.agreedHash,
            disputedHash: d.disputedHash,
            round: d.round
        });
    }

    /// @inheritdoc IDisputeGame
    function disputeCount() external view returns (uint256) {
        return _disputeCount;
    }

    /// @inheritdoc IDisputeGame
    function claimable(address account) external view returns (uint256) {
        return _credits[account];
    }

    /// @inheritdoc IDisputeGame
    function rewardPot(uint256 jobId, uint8 round) external view returns (uint256 remaining, uint256 sharesLeft) {
        RewardPot storage pot = _pots[jobId][round];
        return (pot.remaining, pot.sharesLeft);
    }

    /* INTERNALS */

    /// @dev Reverts unless the job's result can be challenged by the caller at layer `layer`
    /// and is the one `outputHash` and `traceRoot` describe.
    function _checkResult(uint256 jobId, uint256 layer, bytes32 outputHash, bytes32 traceRoot)
        private
        view
        returns (Trace memory trace)
    {
        IJobMarket.Job memory job = market.getJob(jobId);
        // The challenge window is not checked here: the market checks it in `openDispute`. Disputes
        // run side by side, so a result other disputes hold `Disputed` is challengeable too: no
        // dispute, a provider's sybil's included, can keep another challenger out.
        if (job.status != JobStatus.Submitted && job.status != JobStatus.Disputed) {
            revert DisputeJobNotSubmitted(jobId, job.status);
        }
        if (msg.sender == job.provider) revert DisputeChallengerIsProvider(jobId, job.provider);
        bytes32 resultHash = keccak256(abi.encodePacked(outputHash, traceRoot));
        if (resultHash != job.resultHash) revert DisputeResultMismatch(jobId, job.resultHash, resultHash);

        // A retired model's jobs in flight stay disputable: `active` is deliberately not checked.
        IModelRegistry.Model memory model = registry.getModel(job.modelId);
        if (model.kind != ModelKind.IntegerDense) revert DisputeNotIntegerModel(job.modelId, model.kind);
        if (layer == 0 || layer > model.layerCount) revert DisputeLayerOutOfRange(layer, model.layerCount);

        trace = Trace({
            jobId: jobId,
            provider: job.provider,
            modelId: job.modelId,
            layerCount: model.layerCount,
            inputHash: job.inputHash,
            outputHash: outputHash,
            traceRoot: traceRoot
        });
    }

    /// @dev Stores the dispute, then pulls the bond and freezes the job (effects before interactions).
    function _open(Trace memory trace, uint256 layer, bytes32 hPrev, bytes32 hDisputed)
        private
        returns (uint256 disputeId)
    {
        uint256 bond = parameters.challengerBond();
        uint256 deadline = block.timestamp + parameters.disputeMoveTimeout();
        disputeId = ++_disputeCount;
        DisputeSlots storage dispute = _disputes[disputeId];
        _disputes[disputeId] = DisputeSlots({
            challenger: msg.sender,
            deadline: uint40(deadline),
            // `layer <= layerCount`, a uint16 in the registry.
            layer: uint16(layer),
            phase: DisputePhase.AwaitingResponse,
            modelId: trace.modelId,
            provider: trace.provider,
            bond: bond.toUint96(),
            jobId: trace.jobId.toUint64(),
            round: 0, // set below, from the market
            agreedHash: hPrev,
            disputedHash: hDisputed
        });
        emit DisputeOpened(
            disputeId, trace.jobId, trace.provider, msg.sender, trace.modelId, layer, hPrev, hDisputed, bond, deadline
        );

        bondToken.safeTransferFrom(msg.sender, address(this), bond);
        // The round the market counts this dispute against, so that resolving it later can never
        // touch a later round of the job.
        dispute.round = market.openDispute(trace.jobId);
    }

    /// @dev Ends the dispute: records the winner, credits it the bond (pull), then tells the market,
    /// which slashes the provider or stops counting the dispute. A conviction pays the challengers'
    /// share of the slash to this game as the round's reward pot: the convicting challenger takes its
    /// equal share at once, and the other disputes of the round take theirs as they end
    /// (`_closedAsStale`). The market is a fixed contract of the protocol, so the credit after its
    /// call is safe (and every entry point is `nonReentrant`); the pot is what the balance gained,
    /// not what the market says it sent.
    function _resolve(uint256 disputeId, DisputeSlots storage dispute, bool providerWon) private {
        dispute.phase = providerWon ? DisputePhase.ProviderWon : DisputePhase.ChallengerWon;
        dispute.deadline = uint40(block.timestamp);
        uint256 jobId = dispute.jobId;
        address challenger = dispute.challenger;
        address winner = providerWon ? dispute.provider : challenger;
        emit DisputeResolved(disputeId, jobId, providerWon, winner);

        // A losing challenger's bond pays the provider for its trouble; a winning one gets it back
        // (its reward is its share of the round's pot).
        uint256 bond = dispute.bond;
        if (bond != 0) {
            _credits[winner] += bond;
            emit BondCredited(winner, disputeId, bond);
        }

        uint8 round = dispute.round;
        if (providerWon) {
            (bool upheld,,) = market.resolveDispute(jobId, round, true, challenger);
            if (!upheld) emit DisputeStale(disputeId, jobId, round);
            return;
        }
        uint256 balanceBefore = bondToken.balanceOf(address(this));
        (bool applied,, uint256 shares) = market.resolveDispute(jobId, round, false, challenger);
        if (!applied) {
            // Not reachable with the real market: a dispute of a convicted round closes as stale
            // before it gets here. Kept so that a round ended some other way can never trap a bond.
            emit DisputeStale(disputeId, jobId, round);
            return;
        }
        uint256 pot = bondToken.balanceOf(address(this)) - balanceBefore;
        // The convicting dispute was open, so the market counts at least it.
        if (shares == 0) shares = 1;
        emit RewardPotFunded(jobId, round, pot, shares);
        uint256 share = pot / shares;
        if (shares > 1) {
            // Both fit: the pot is part of one job's collateral (< 2^96) and shares count disputes.
            _pots[jobId][round] = RewardPot({remaining: uint128(pot - share), sharesLeft: uint128(shares - 1)});
        } else {
            share = pot;
        }
        _creditReward(challenger, disputeId, share);
    }

    /// @dev Ends a running dispute whose round another dispute already proved wrong, if it is one:
    /// the challenger was right that the result is wrong, so it gets its bond back and the next equal
    /// share of the round's pot (the last share takes the rounding remainder, so the pot empties
    /// exactly). The market is not called: the round is over there. Returns false, changing
    /// nothing, when the dispute is not running or its round was not proven wrong.
    function _closedAsStale(uint256 disputeId, DisputeSlots storage dispute) private returns (bool) {
        DisputePhase phase = dispute.phase;
        if (phase != DisputePhase.AwaitingResponse && phase != DisputePhase.AwaitingProof) return false;
        uint256 jobId = dispute.jobId;
        uint8 round = dispute.round;
        RewardPot storage pot = _pots[jobId][round];
        uint256 sharesLeft = pot.sharesLeft;
        if (sharesLeft == 0) return false;

        uint256 remaining = pot.remaining;
        uint256 share = sharesLeft == 1 ? remaining : remaining / sharesLeft;
        if (sharesLeft == 1) {
            delete _pots[jobId][round];
        } else {
            // Both decrease from values that fit 128 bits.
            pot.remaining = uint128(remaining - share);
            pot.sharesLeft = uint128(sharesLeft - 1);
        }
        dispute.phase = DisputePhase.ChallengerWon;
        dispute.deadline = uint40(block.timestamp);
        address challenger = dispute.challenger;
        emit DisputeResolved(disputeId, jobId, false, challenger);
        uint256 bond = dispute.bond;
        if (bond != 0) {
            _credits[challenger] += bond;
            emit BondCredited(challenger, disputeId, bond);
        }
        _creditReward(challenger, disputeId, share);
        emit DisputeStale(disputeId, jobId, round);
        return true;
    }

    function _creditReward(address account, uint256 disputeId, uint256 amount) private {
        if (amount == 0) return;
        _credits[account] += amount;
        emit RewardCredited(account, disputeId, amount);
    }

    /// @dev Reverts unless `hash` is activation hash `index` (0..L) of the job's trace.
    function _checkTraceHash(Trace memory trace, uint256 index, bytes32 hash, bytes32[] calldata proof) private pure {
        bool ok;
        if (index == 0) {
            ok = hash == trace.inputHash && proof.length == 0;
        } else if (index == trace.layerCount) {
            ok = hash == trace.outputHash && proof.length == 0;
        } else {
            // The trace tree holds h_1 .. h_{L-1}: h_i is leaf i - 1 of L - 1.
            ok = PositionalMerkle.verifyAt(trace.traceRoot, hash, index - 1, trace.layerCount - 1, proof);
        }
        if (!ok) revert DisputeBadTraceProof(trace.jobId, index, hash);
    }

    /// @dev Reverts unless the dispute awaits `phase` and its deadline has not passed.
    function _checkMove(uint256 disputeId, DisputeSlots storage dispute, DisputePhase phase) private view {
        if (dispute.phase != phase) revert DisputeWrongPhase(disputeId, dispute.phase);
        uint256 deadline = dispute.deadline;
        if (block.timestamp > deadline) revert DisputeMoveTooLate(disputeId, deadline);
    }

    /// @dev Reverts unless `activation` hashes to `expected`.
    function _checkActivation(uint256 disputeId, bytes32 expected, bytes calldata activation) private pure {
        bytes32 actual = keccak256(activation);
        if (actual != expected) revert DisputeActivationMismatch(disputeId, expected, actual);
    }

    /// @dev Reverts unless the layer in `proof` is within the spec and is layer `l` of the model's
    /// weight commitment.
    function _checkLayer(uint256 disputeId, DisputeSlots storage dispute, LayerProof calldata proof) private view {
        // Out-of-spec layers have no agreed semantics: nothing can be proven on them.
        if (
            proof.K == 0 || proof.K > _MAX_WIDTH || proof.N == 0 || proof.N > _MAX_WIDTH || proof.M == 0
                || proof.M > IntegerDense.MAX_MULTIPLIER || proof.s == 0 || proof.s > IntegerDense.MAX_SHIFT
        ) revert DisputeLayerOutOfSpec(proof.K, proof.N, proof.M, proof.s);

        IModelRegistry.Model memory model = registry.getModel(dispute.modelId);
        uint256 layer = dispute.layer;
        bytes32 leaf = keccak256(abi.encodePacked(proof.K, proof.N, proof.M, proof.s, proof.relu, proof.rowsRoot));
        if (!PositionalMerkle.verifyAt(model.weightCommitment, leaf, layer - 1, model.layerCount, proof.layerProof)) {
            revert DisputeBadLayerProof(disputeId, layer);
        }
    }

    /// @dev Reverts unless the row in `proof` is row `neuron` of the layer and within the spec.
    function _checkRow(uint256 disputeId, uint256 neuron, LayerProof calldata proof) private pure {
        if (proof.row.length != proof.K) revert DisputeRowLengthMismatch(proof.K, proof.row.length);
        int256 bias = proof.bias;
        if (bias > _MAX_ABS_BIAS || bias < -_MAX_ABS_BIAS) revert DisputeBiasOutOfSpec(bias);
        bytes32 leaf = keccak256(abi.encodePacked(proof.row, proof.bias));
        if (!PositionalMerkle.verifyAt(proof.rowsRoot, leaf, neuron, proof.N, proof.rowProof)) {
            revert DisputeBadRowProof(disputeId, neuron);
        }
    }

    // ---------------------------------------------------------------- spatial last moves

    /// @dev The checks every spatial last move starts with: a stale dispute ends (returns false);
    /// else the dispute must await the challenger's proof in time, from the challenger, with both
    /// vectors hashing to the dispute's agreed and disputed hashes.
    function _startProof(
        uint256 disputeId,
        DisputeSlots storage dispute,
        bytes calldata prevActivation,
        bytes calldata disputedActivation
    ) private returns (bool) {
        if (_closedAsStale(disputeId, dispute)) return false;
        _checkMove(disputeId, dispute, DisputePhase.AwaitingProof);
        if (msg.sender != dispute.challenger) revert DisputeNotChallenger(disputeId, msg.sender);
        _checkActivation(disputeId, dispute.agreedHash, prevActivation);
        _checkActivation(disputeId, dispute.disputedHash, disputedActivation);
        return true;
    }

    /// @dev Proves the step's layer leaf against the weight commitment, then ends the dispute: the
    /// provider loses at once if its revealed output does not have the layer's size, else when the
    /// recomputed element differs from its own.
    function _finishProof(
        uint256 disputeId,
        DisputeSlots storage dispute,
        uint8 kind,
        uint256 element,
        SpatialStep.Step memory step,
        bytes32[] calldata layerProof,
        bytes calldata disputedActivation
    ) private {
        IModelRegistry.Model memory model = registry.getModel(dispute.modelId);
        uint256 layer = dispute.layer;
        if (!PositionalMerkle.verifyAt(model.weightCommitment, step.leaf, layer - 1, model.layerCount, layerProof)) {
            revert DisputeBadLayerProof(disputeId, layer);
        }
        if (disputedActivation.length != step.outputSize) {
            emit WrongLengthProven(disputeId, dispute.jobId, step.outputSize, disputedActivation.length);
            _resolve(disputeId, dispute, false);
            return;
        }
        int8 claimed = int8(uint8(disputedActivation[element]));
        emit ElementProven(disputeId, dispute.jobId, kind, element, step.computed, claimed);
        _resolve(disputeId, dispute, step.computed == claimed);
    }

    /// @dev Reverts unless `proof.skipActivation` is activation `skip` of the disputed result's
    /// trace. The trace root is re-derived from the job (the challenger names it with the output
    /// hash, which must hash to the job's result hash), not stored at `challenge`: only add layers
    /// need it, and two more slots would cost every dispute ~44K gas (docs/fraud-proofs.md).
    function _checkSkip(uint256 disputeId, DisputeSlots storage dispute, AddProof calldata proof) private view {
        uint256 jobId = dispute.jobId;
        IJobMarket.Job memory job = market.getJob(jobId);
        bytes32 resultHash = keccak256(abi.encodePacked(proof.outputHash, proof.traceRoot));
        if (resultHash != job.resultHash) revert DisputeResultMismatch(jobId, job.resultHash, resultHash);
        bytes32 h = keccak256(proof.skipActivation);
        uint256 skip = proof.skip;
        bool ok;
        if (skip == 0) {
            ok = h == job.inputHash && proof.skipProof.length == 0;
        } else {
            // h_r is leaf r - 1 of the L - 1 hidden hashes; r <= l - 2 < L, so never the output.
            uint256 leaves = registry.getModel(dispute.modelId).layerCount - 1;
            ok = PositionalMerkle.verifyAt(proof.traceRoot, h, skip - 1, leaves, proof.skipProof);
        }
        if (!ok) revert DisputeBadSkipProof(disputeId, skip);
    }

    /// @dev The dispute with id `disputeId`; reverts if there is none.
    function _disputeAt(uint256 disputeId) private view returns (DisputeSlots storage dispute) {
        dispute = _disputes[disputeId];
        if (dispute.phase == DisputePhase.None) revert DisputeUnknown(disputeId);
    }
}
