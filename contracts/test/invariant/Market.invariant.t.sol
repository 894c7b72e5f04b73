// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {IAskBook} from "../../src/interfaces/IAskBook.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DisputeGameDouble} from "../utils/mocks/DisputeGameDouble.sol";
import {MarketHandler} from "./MarketHandler.sol";

/// @notice Accounting invariants of the market and staking under random sequences of every action.
/// forge-config: default.invariant.runs = 16
/// forge-config: default.invariant.depth = 256
/// forge-config: ci.invariant.runs = 32
/// forge-config: ci.invariant.depth = 384
contract MarketInvariantTest is Fixture {
    MarketHandler internal handler;
    uint256 internal vrtSupply;

    function setUp() public override {
        super.setUp();
        DisputeGameDouble game = _wireDisputeGame();
        // Phases of minutes rather than the devnet's seconds, so that the handler's short warps
        // leave time for several bids per auction; long warps still cut phases short at random.
        vm.startPrank(admin);
        sys.params.setCommitWindow(300);
        sys.params.setRevealWindow(300);
        sys.params.setChallengeWindow(600);
        vm.stopPrank();
        address dave = _newProvider("dave", 300e18);
        address[] memory ps = new address[](4);
        (ps[0], ps[1], ps[2], ps[3]) = (alice, bob, carol, dave);
        for (uint256 i; i < ps.length; ++i) {
            sys.token.transfer(ps[i], 5000e18); // liquid VRT to stake more
        }
        address requester2 = makeAddr("requester2");
        usd.mint(requester2, 1_000_000e6);
        vm.prank(requester2);
        usd.approve(address(sys.market), type(uint256).max);
        address[] memory rs = new address[](2);
        (rs[0], rs[1]) = (requester, requester2);
        address[] memory others = new address[](2);
        (others[0], others[1]) = (address(this), publisher);
        handler = new MarketHandler(sys, game, ps, rs, treasury, challenger, others);
        vrtSupply = sys.token.totalSupply();
        targetContract(address(handler));
        vm.roll(block.number + 1); // the setup's vote checkpoints are in the past
    }

    function _isOpen(JobStatus s) internal pure returns (bool) {
        return s == JobStatus.Bidding || s == JobStatus.Assigned || s == JobStatus.Submitted || s == JobStatus.Disputed;
    }

    /// @notice (a) The market holds exactly the escrow of open jobs plus everything credited and unclaimed.
    function invariant_marketBalanceIsOpenEscrowPlusClaimable() public view {
        uint256 escrow;
        for (uint256 id = 1; id <= sys.market.jobCount(); ++id) {
            IJobMarket.Job memory j = sys.market.getJob(id);
            if (_isOpen(j.status)) escrow += j.maxPrice;
        }
        uint256 owed;
        for (uint256 i; i < handler.payeeCount(); ++i) {
            owed += sys.market.claimable(handler.payees(i));
        }
        assertEq(usd.balanceOf(address(sys.market)), escrow + owed);
    }

    /// @notice (b) Staking holds exactly the bonded plus unbonding stake of its providers.
    function invariant_stakingBalanceIsBondedPlusUnbonding() public view {
        uint256 total;
        for (uint256 i; i < handler.providerCount(); ++i) {
            IStaking.StakeInfo memory s = sys.staking.stakeOf(handler.providers(i));
            total += uint256(s.bonded) + s.unbonding;
        }
        assertEq(sys.token.balanceOf(address(sys.staking)), total);
    }

    /// @notice (c) A job pays out at most once, exactly when it has ended, and exactly its escrow.
    function invariant_noJobPaysOutTwice() public view {
        assertFalse(handler.strayCredit(), "credit outside a payout");
        for (uint256 id = 1; id <= sys.market.jobCount(); ++id) {
            IJobMarket.Job memory j = sys.market.getJob(id);
            uint256 n = handler.payouts(id);
            assertLe(n, 1, "paid twice");
            assertEq(n == 1, !_isOpen(j.status), "paid iff ended");
            if (n == 1) assertEq(handler.creditedFor(id), j.maxPrice, "paid exactly the escrow");
        }
    }

    /// @notice (d) locked <= bonded for every provider, locked is exactly the collateral of the jobs
    /// it leads or holds plus that of its commitments not yet revealed (nor forfeited), and no slash
    /// ever took more than the provider had or than the job's collateral.
    function invariant_lockedIsCollateralInFlightAndSlashesAreBounded() public view {
        assertFalse(handler.slashViolation(), "slash out of bounds");
        for (uint256 i; i < handler.providerCount(); ++i) {
            address p = handler.providers(i);
            IStaking.StakeInfo memory s = sys.staking.stakeOf(p);
            assertLe(s.locked, s.bonded, "locked > bonded");
            uint256 inFlight = handler.unrevealedLocked(p);
            for (uint256 id = 1; id <= sys.market.jobCount(); ++id) {
                IJobMarket.Job memory j = sys.market.getJob(id);
                if (j.provider == p && _isOpen(j.status)) inFlight += j.collateral;
            }
            assertEq(s.locked, inFlight, "locked != collateral in flight");
        }
    }

    /// @notice (e) VRT is never minted or lost: the known holders hold the whole fixed supply.
    function invariant_vrtSupplyIsConserved() public view {
        assertEq(sys.token.totalSupply(), vrtSupply);
        uint256 held;
        for (uint256 i; i < handler.holderCount(); ++i) {
            held += sys.token.balanceOf(handler.vrtHolders(i));
        }
        assertEq(held, vrtSupply);
    }

    /// @notice (f) Disputes run side by side: the market counts exactly the running disputes of a
    /// job's current round, the job is `Disputed` exactly while there is one, and a dispute of an
    /// ended round is never applied (nor refused in a way that changes the job).
    function invariant_openDisputesAreCountedPerRound() public view {
        assertFalse(handler.staleViolation(), "stale dispute applied, or a live one refused");
        uint256 n = handler.ghostDisputeCount();
        for (uint256 id = 1; id <= sys.market.jobCount(); ++id) {
            IJobMarket.Job memory j = sys.market.getJob(id);
            uint256 live;
            for (uint256 i; i < n; ++i) {
                (uint256 jobId, uint8 round, bool resolved) = handler.ghostDisputes(i);
                if (jobId == id && round == j.round && !resolved) ++live;
            }
            bool active = j.status == JobStatus.Submitted || j.status == JobStatus.Disputed;
            assertEq(sys.market.openDisputes(id), active ? live : 0, "open disputes");
            if (active) assertEq(j.status == JobStatus.Disputed, live != 0, "disputed iff a dispute runs");
        }
    }

    /// @notice (g) The fast path's capacity: each ask's `active` is exactly its provider's fast jobs
    /// assigned and not yet submitted (nor reported late), and never more than the ask's capacity.
    function invariant_askCapacityCountsFastJobsInProgressAndIsNeverExceeded() public view {
        IAskBook book = sys.market.askBook();
        for (uint256 i; i < handler.providerCount(); ++i) {
            address p = handler.providers(i);
            uint256 inProgress;
            for (uint256 id = 1; id <= sys.market.jobCount(); ++id) {
                IJobMarket.Job memory j = sys.market.getJob(id);
                if (j.provider == p && j.status == JobStatus.Assigned && j.commitDeadline == 0) ++inProgress;
            }
            IAskBook.Ask memory a = book.askOf(p, modelId);
            assertEq(a.active, inProgress, "active != fast jobs in progress");
            if (a.capacity != 0) assertLe(a.active, a.capacity, "capacity exceeded");
        }
    }

    /// @notice Staked voting power is bonded plus unbonding stake, counted once.
    function invariant_stakeVotesEqualStake() public view {
        uint256 total;
        for (uint256 i; i < handler.providerCount(); ++i) {
            address p = handler.providers(i);
            IStaking.StakeInfo memory s = sys.staking.stakeOf(p);
            assertEq(sys.staking.getVotes(p), uint256(s.bonded) + s.unbonding);
            total += uint256(s.bonded) + s.unbonding;
        }
        assertEq(sys.staking.getPastTotalSupply(block.number - 1), total);
    }

    /// @dev With -vv, shows how often each action ran, to check the handler reaches every state.
    function afterInvariant() external {
        emit log_string(handler.callSummary());
    }
}
