// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {DeploySystem} from "../../script/DeploySystem.sol";
import {DeployConfig} from "../../script/DeployConfig.sol";
import {Parameters} from "../../src/Parameters.sol";
import {TestStablecoin} from "../../script/devnet/TestStablecoin.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IModelRegistry} from "../../src/interfaces/IModelRegistry.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {ModelKind} from "../../src/types/ModelKind.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DisputeGameDouble} from "./mocks/DisputeGameDouble.sol";

/// @notice The whole protocol deployed as the deploy script does, with funded
/// actors and helpers that walk a job through its lifecycle.
abstract contract Fixture is Test {
    DeploySystem.System internal sys;
    TestStablecoin internal usd;

    address internal admin = makeAddr("admin");
    address internal treasury = makeAddr("treasury");
    address internal guardian = makeAddr("guardian");
    address internal requester = makeAddr("requester");
    address internal publisher = makeAddr("publisher");
    address internal alice = makeAddr("alice"); // provider
    address internal bob = makeAddr("bob"); // provider
    address internal carol = makeAddr("carol"); // provider
    address internal challenger = makeAddr("challenger");

    uint256 internal modelId;
    uint256 internal constant STAKE = 10_000e18;
    uint256 internal constant MAX_PRICE = 100e6; // 100 tUSD
    bytes internal constant INPUT = hex"0102030405060708";

    function setUp() public virtual {
        sys = DeploySystem.deploy(
            admin, address(this), 1_000_000_000e18, address(0), guardian, DeployConfig.devnetParameters(treasury)
        );
        usd = TestStablecoin(address(sys.paymentToken));
        modelId = _registerModel(publisher, keccak256("model-1"));
        _provider(alice, STAKE);
        _provider(bob, STAKE);
        _provider(carol, STAKE);
        usd.mint(requester, 1_000_000e6);
        vm.prank(requester);
        usd.approve(address(sys.market), type(uint256).max);
    }

    function _registerModel(address who, bytes32 artifact) internal returns (uint256 id) {
        sys.token.transfer(who, sys.params.modelRegistrationBond());
        uint32[] memory widths = new uint32[](3);
        (widths[0], widths[1], widths[2]) = (8, 16, 4);
        vm.startPrank(who);
        sys.token.approve(address(sys.models), type(uint256).max);
        id = sys.models
            .registerModel(
                IModelRegistry.ModelSpec({
                    artifactHash: artifact,
                    uri: "ipfs://model",
                    kind: ModelKind.IntegerDense,
                    widths: widths,
                    weightCommitment: keccak256("weights"),
                    computeUnits: 192
                })
            );
        vm.stopPrank();
    }

    /// @dev A float model (no fraud proofs, no width checks), widths 8 -> 16 -> 4.
    function _registerFloatModel(address who, bytes32 artifact) internal returns (uint256 id) {
        sys.token.transfer(who, sys.params.modelRegistrationBond());
        uint32[] memory widths = new uint32[](3);
        (widths[0], widths[1], widths[2]) = (8, 16, 4);
        vm.startPrank(who);
        sys.token.approve(address(sys.models), type(uint256).max);
        id = sys.models
            .registerModel(
                IModelRegistry.ModelSpec({
                    artifactHash: artifact,
                    uri: "ipfs://float-model",
                    kind: ModelKind.Float,
                    widths: widths,
                    weightCommitment: bytes32(0),
                    computeUnits: 192
                })
            );
        vm.stopPrank();
    }

    function _provider(address who, uint256 amount) internal {
        sys.token.transfer(who, amount);
        vm.startPrank(who);
        sys.staking.register('{"endpoint":"http://localhost"}');
        sys.token.approve(address(sys.staking), type(uint256).max);
        sys.staking.stake(amount);
        vm.stopPrank();
    }

    function _request() internal view returns (IJobMarket.JobRequest memory) {
        return IJobMarket.JobRequest({
            modelId: modelId,
            maxPrice: MAX_PRICE,
            executionWindow: 600,
            consumer: address(0),
            callbackGasLimit: 0,
            reauction: false,
            minCollateral: 0,
            minReliabilityBps: 0,
            noConviction: false
        });
    }

    function _post(IJobMarket.JobRequest memory r) internal returns (uint256 jobId) {
        vm.prank(requester);
        jobId = sys.market.postJob(r, INPUT);
    }

    function _salt(address bidder, uint256 price) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", bidder, price));
    }

    function _commit(uint256 jobId, address bidder, uint256 price) internal {
        uint8 round = sys.market.getJob(jobId).round;
        bytes32 c = sys.market.bidCommitment(jobId, round, bidder, price, _salt(bidder, price));
        vm.prank(bidder);
        sys.market.commitBid(jobId, c);
    }

    function _reveal(uint256 jobId, address bidder, uint256 price) internal {
        vm.prank(bidder);
        sys.market.revealBid(jobId, price, _salt(bidder, price));
    }

    function _toReveal(uint256 jobId) internal {
        vm.warp(uint256(sys.market.getJob(jobId).commitDeadline) + 1);
    }

    function _toSettle(uint256 jobId) internal {
        vm.warp(uint256(sys.market.getJob(jobId).revealDeadline) + 1);
    }

    /// @dev Posts a job and runs a one-bid auction won by `who` at `price`; returns the job id.
    function _assigned(address who, uint256 price) internal returns (uint256 jobId) {
        jobId = _post(_request());
        _commit(jobId, who, price);
        _toReveal(jobId);
        _reveal(jobId, who, price);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
    }

    bytes internal constant OUTPUT = hex"0a0b0c0d";
    /// @dev The fixture's model has one hidden layer, so its trace is one hash, which is also the root.
    bytes32 internal constant TRACE = keccak256("trace");

    function _trace() internal pure returns (bytes32[] memory hashes) {
        hashes = new bytes32[](1);
        hashes[0] = TRACE;
    }

    function _submitted(address who, uint256 price) internal returns (uint256 jobId) {
        jobId = _assigned(who, price);
        vm.prank(who);
        sys.market.submitResult(jobId, OUTPUT, _trace());
    }

    function _finalize(uint256 jobId) internal {
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
    }

    /* HELPERS ADDED FOR THE UNIT, FUZZ AND INVARIANT SUITES */

    /// @dev The fixture deploys the market without a dispute game, as the deploy script does
    /// until the dispute game exists; this wires a double that only opens and resolves disputes.
    /// The test contract deployed the market (through DeploySystem), so it is the wirer.
    function _wireDisputeGame() internal returns (DisputeGameDouble game) {
        game = new DisputeGameDouble(sys.market);
        sys.market.wire(address(game));
    }

    function _requestWith(uint256 maxPrice, address consumer, uint256 callbackGasLimit, bool reauction)
        internal
        view
        returns (IJobMarket.JobRequest memory r)
    {
        r = _request();
        r.maxPrice = maxPrice;
        r.consumer = consumer;
        r.callbackGasLimit = callbackGasLimit;
        r.reauction = reauction;
    }

    function _commitSalted(uint256 jobId, address bidder, uint256 price, bytes32 salt) internal {
        uint8 round = sys.market.getJob(jobId).round;
        bytes32 c = sys.market.bidCommitment(jobId, round, bidder, price, salt);
        vm.prank(bidder);
        sys.market.commitBid(jobId, c);
    }

    /// @dev Runs a one-bid auction of `r` won by `who` at `price`; returns the job id.
    function _assignedWith(IJobMarket.JobRequest memory r, address who, uint256 price)
        internal
        returns (uint256 jobId)
    {
        jobId = _post(r);
        _commit(jobId, who, price);
        _toReveal(jobId);
        _reveal(jobId, who, price);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
    }

    function _submittedWith(IJobMarket.JobRequest memory r, address who, uint256 price)
        internal
        returns (uint256 jobId)
    {
        jobId = _assignedWith(r, who, price);
        vm.prank(who);
        sys.market.submitResult(jobId, OUTPUT, _trace());
    }

    /// @dev The collateral the market fixes for a job of `maxPrice` asking `minCollateral`: the escrow
    /// times the ratio (rounded up), at least the governance floor, at least the request's minimum.
    function _collateralFor(uint256 maxPrice, uint256 minCollateral) internal view returns (uint256 c) {
        c = (maxPrice * sys.params.collateralRatio() + 1e18 - 1) / 1e18;
        if (c < sys.params.minJobCollateral()) c = sys.params.minJobCollateral();
        if (c < minCollateral) c = minCollateral;
    }

    /// @dev The collateral of a job posted with `_request()`.
    function _collateral() internal view returns (uint256) {
        return _collateralFor(MAX_PRICE, 0);
    }

    /// @dev The lowest price a bid on a job of `maxPrice` may reveal.
    function _bidFloor(uint256 maxPrice) internal view returns (uint256) {
        return (maxPrice * sys.params.minBidBps() + 9999) / 10_000;
    }

    /// @dev A new registered provider staking `amount`.
    function _newProvider(string memory name, uint256 amount) internal returns (address who) {
        who = makeAddr(name);
        _provider(who, amount);
    }

    function _assertStake(address who, uint256 bonded, uint256 locked, uint256 unbonding, uint256 releaseAt)
        internal
        view
    {
        IStaking.StakeInfo memory s = sys.staking.stakeOf(who);
        assertEq(s.bonded, bonded, "bonded");
        assertEq(s.locked, locked, "locked");
        assertEq(s.unbonding, unbonding, "unbonding");
        assertEq(s.releaseAt, releaseAt, "releaseAt");
    }

    function _assertStatus(uint256 jobId, JobStatus status) internal view {
        assertEq(uint8(sys.market.getJob(jobId).status), uint8(status), "status");
    }

    /// @dev Asserts every field of two jobs is equal.
    function _assertJobEq(IJobMarket.Job memory a, IJobMarket.Job memory b) internal pure {
        assertEq(a.requester, b.requester, "requester");
        assertEq(a.modelId, b.modelId, "modelId");
        assertEq(uint8(a.status), uint8(b.status), "status");
        assertEq(a.round, b.round, "round");
        assertEq(a.reauction, b.reauction, "reauction");
        assertEq(a.outputInline, b.outputInline, "outputInline");
        assertEq(a.commitCount, b.commitCount, "commitCount");
        assertEq(a.maxPrice, b.maxPrice, "maxPrice");
        assertEq(a.collateral, b.collateral, "collateral");
        assertEq(a.commitDeadline, b.commitDeadline, "commitDeadline");
        assertEq(a.revealDeadline, b.revealDeadline, "revealDeadline");
        assertEq(a.provider, b.provider, "provider");
        assertEq(a.price, b.price, "price");
        assertEq(a.consumer, b.consumer, "consumer");
        assertEq(a.callbackGasLimit, b.callbackGasLimit, "callbackGasLimit");
        assertEq(a.deadline, b.deadline, "deadline");
        assertEq(a.executionWindow, b.executionWindow, "executionWindow");
        assertEq(a.inputHash, b.inputHash, "inputHash");
        assertEq(a.resultHash, b.resultHash, "resultHash");
    }

    function _resultHash(bytes memory output, bytes32 traceRoot) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(keccak256(output), traceRoot));
    }
}
