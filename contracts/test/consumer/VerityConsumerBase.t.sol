// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {VerityConsumerBase} from "../../src/consumer/VerityConsumerBase.sol";
import {ResultStoreConsumer} from "../../src/consumer/examples/ResultStoreConsumer.sol";

/// @notice A consumer that also accepts one trusted requester besides itself.
contract TrustingConsumer is VerityConsumerBase {
    address public immutable trusted;
    uint256 public accepted;

    constructor(address market_, address trusted_) VerityConsumerBase(market_) {
        trusted = trusted_;
    }

    function _acceptsRequester(address requester) internal view override returns (bool) {
        return requester == trusted || super._acceptsRequester(requester);
    }

    function _onVerityResult(uint256, bytes32, bytes calldata) internal override {
        ++accepted;
    }
}

/// @notice Attack 7 of issue 10: a stranger names someone else's consumer on its own job.
contract VerityConsumerBaseTest is Fixture {
    ResultStoreConsumer internal store;
    address internal user = makeAddr("user");
    address internal owner = makeAddr("owner");

    function setUp() public override {
        super.setUp();
        store = new ResultStoreConsumer(sys.market, IERC20(address(usd)), owner);
        usd.mint(user, 1000e6);
        vm.prank(user);
        usd.approve(address(store), type(uint256).max);
    }

    function _consumerRequest() internal view returns (IJobMarket.JobRequest memory r) {
        r = _requestWith(MAX_PRICE, address(store), 300_000, false);
    }

    function _runToFinal(uint256 jobId, bytes memory output) internal {
        _commit(jobId, alice, 60e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        vm.prank(alice);
        sys.market.submitResult(jobId, output, _trace());
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
    }

    function test_onVerityResult_acceptsItsOwnJob() public {
        vm.prank(user);
        uint256 jobId = store.request(_consumerRequest(), INPUT);
        assertEq(store.askedBy(jobId), user);
        assertEq(sys.market.getJob(jobId).requester, address(store));
        assertEq(usd.balanceOf(user), 1000e6 - MAX_PRICE, "paid by the caller");
        _runToFinal(jobId, OUTPUT);
        vm.expectEmit(true, true, true, true, address(store));
        emit ResultStoreConsumer.ResultStored(jobId, keccak256(OUTPUT));
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.CallbackExecuted(jobId, address(store), true);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        ResultStoreConsumer.Result memory res = store.resultOf(jobId);
        assertTrue(res.done);
        assertEq(res.outputHash, keccak256(OUTPUT));
        assertEq(res.output, OUTPUT);

        // the unspent escrow was credited to the consumer, the job's requester
        vm.prank(owner);
        assertEq(store.claimRefunds(), MAX_PRICE - 60e6);
        vm.prank(owner);
        store.sweep(IERC20(address(usd)));
        assertEq(usd.balanceOf(owner), MAX_PRICE - 60e6);
    }

    /// @dev Old: a consumer that only checked the caller stored the stranger's result.
    function test_attack_strangersJobNamingTheConsumerIsNotAccepted() public {
        bytes memory forged = hex"ffffffff";
        vm.prank(requester); // a stranger, not the consumer
        uint256 jobId = sys.market.postJob(_consumerRequest(), INPUT);
        _runToFinal(jobId, forged);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.CallbackExecuted(jobId, address(store), false);
        sys.market.finalize(jobId, keccak256(forged), TRACE, forged);
        assertFalse(store.resultOf(jobId).done, "not stored");
        _assertStatus(jobId, JobStatus.Finalized);
        assertEq(sys.market.claimable(alice), 60e6 - 60e6 / 100, "the provider is paid regardless");
    }

    function test_onVerityResult_RevertWhen_foreignJob() public {
        vm.expectRevert(abi.encodeWithSelector(VerityConsumerBase.ConsumerForeignJob.selector, 7, requester));
        vm.prank(address(sys.market));
        store.onVerityResult(7, requester, keccak256(OUTPUT), OUTPUT);
    }

    function test_onVerityResult_RevertWhen_callerIsNotTheMarket() public {
        vm.expectRevert(abi.encodeWithSelector(VerityConsumerBase.ConsumerNotMarket.selector, requester));
        vm.prank(requester);
        store.onVerityResult(7, address(store), keccak256(OUTPUT), OUTPUT);
    }

    function test_acceptsRequester_canBeWidened() public {
        TrustingConsumer c = new TrustingConsumer(address(sys.market), requester);
        vm.startPrank(address(sys.market));
        c.onVerityResult(1, requester, bytes32(0), "");
        c.onVerityResult(2, address(c), bytes32(0), "");
        vm.expectRevert(abi.encodeWithSelector(VerityConsumerBase.ConsumerForeignJob.selector, 3, user));
        c.onVerityResult(3, user, bytes32(0), "");
        vm.stopPrank();
        assertEq(c.accepted(), 2);
    }

    function test_request_setsItselfAsConsumerWhateverTheRequestSays() public {
        IJobMarket.JobRequest memory r = _consumerRequest();
        r.consumer = makeAddr("elsewhere");
        vm.prank(user);
        uint256 jobId = store.request(r, INPUT);
        assertEq(sys.market.getJob(jobId).consumer, address(store));
    }

    function test_claimRefunds_RevertWhen_notOwner() public {
        vm.expectRevert(abi.encodeWithSelector(ResultStoreConsumer.ResultStoreNotOwner.selector, user));
        vm.prank(user);
        store.claimRefunds();
    }
}
