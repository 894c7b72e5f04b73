// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {DeploySystem} from "../../script/DeploySystem.sol";
import {TestStablecoin} from "../../script/devnet/TestStablecoin.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IAskBook} from "../../src/interfaces/IAskBook.sol";
import {IBatchFinalizer} from "../../src/interfaces/IBatchFinalizer.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DisputeGameDouble} from "../utils/mocks/DisputeGameDouble.sol";
import {RecordingConsumer} from "../utils/mocks/Consumers.sol";

/// @notice Drives random sequences of every market and staking action, steering each toward a
/// state where it can succeed (warping to the right phase), and keeps ghost accounting from the
/// events the market emits.
contract MarketHandler is Test {
    DeploySystem.System internal sys;
    TestStablecoin internal usd;
    DisputeGameDouble internal game;
    RecordingConsumer internal consumer;
    address internal treasury;
    address internal challenger;

    address[] public providers;
    address[] public requesters;
    /// @notice Every address that may hold VRT.
    address[] public vrtHolders;
    /// @notice Every address the market may credit.
    address[] public payees;

    /// @dev The fixture's model takes 8 int8 inputs and gives 4 outputs.
    bytes internal constant INPUT = hex"c0ffee0001020304";
    bytes internal constant OUTPUT = hex"0a0b0c0d";
    bytes32 internal constant TRACE = keccak256("trace");

    /// @dev One hidden layer in the fixture's model: one hash, which is also the trace root.
    function _trace() internal pure returns (bytes32[] memory hashes) {
        hashes = new bytes32[](1);
        hashes[0] = TRACE;
    }

    struct Bid {
        uint256 price;
        bool committed;
        bool revealed;
        bool locked; // the commitment still holds the job's collateral (not revealed, not forfeited)
    }

    mapping(uint256 jobId => mapping(uint8 round => mapping(address bidder => Bid))) internal _bids;

    struct CommitRef {
        uint256 jobId;
        uint8 round;
        address bidder;
    }

    /// @notice Every commitment ever made, to find the ones left unrevealed.
    CommitRef[] internal _commitRefs;
    /// @notice Collateral each provider has locked in commitments not (successfully) revealed and
    /// not forfeited: the part of `locked` that no job's `provider` field shows.
    mapping(address provider => uint256 amount) public unrevealedLocked;

    /* GHOSTS */

    /// @notice JobFinalized + JobRefunded events per job.
    mapping(uint256 jobId => uint256) public payouts;
    /// @notice Payment token credited by the transaction that ended the job.
    mapping(uint256 jobId => uint256) public creditedFor;
    /// @notice Set if a Credited event was not followed, in the same call, by its job's payout event,
    /// or named another job than that payout.
    bool public strayCredit;
    /// @notice Set if a slash took more than the provider had, more than the job's collateral,
    /// or other than the parameters say.
    bool public slashViolation;
    uint256 public slashes;
    mapping(bytes32 => uint256) public calls;

    /// @notice Every dispute opened through the game double, with the round the market returned.
    struct GhostDispute {
        uint256 jobId;
        uint8 round;
        bool resolved;
    }

    GhostDispute[] public ghostDisputes;
    /// @notice Set if the market applied the resolution of a dispute whose round had ended, or
    /// refused one of the current round, or changed a job when it refused.
    bool public staleViolation;

    constructor(
        DeploySystem.System memory sys_,
        DisputeGameDouble game_,
        address[] memory providers_,
        address[] memory requesters_,
        address treasury_,
        address challenger_,
        address[] memory otherHolders
    ) {
        sys = sys_;
        usd = TestStablecoin(address(sys_.paymentToken));
        game = game_;
        providers = providers_;
        requesters = requesters_;
        treasury = treasury_;
        challenger = challenger_;
        consumer = new RecordingConsumer();
        for (uint256 i; i < providers_.length; ++i) {
            vrtHolders.push(providers_[i]);
            payees.push(providers_[i]);
        }
        for (uint256 i; i < requesters_.length; ++i) {
            vrtHolders.push(requesters_[i]);
            payees.push(requesters_[i]);
        }
        for (uint256 i; i < otherHolders.length; ++i) {
            vrtHolders.push(otherHolders[i]);
        }
        vrtHolders.push(treasury_);
        vrtHolders.push(challenger_);
        vrtHolders.push(address(game_)); // receives the challengers' reward pot of each fraud slash
        vrtHolders.push(address(sys_.staking));
        vrtHolders.push(address(sys_.models));
        payees.push(treasury_);
        vm.recordLogs();
    }

    /* VIEWS FOR THE INVARIANTS */

    function ghostDisputeCount() external view returns (uint256) {
        return ghostDisputes.length;
    }

    function providerCount() external view returns (uint256) {
        return providers.length;
    }

    function holderCount() external view returns (uint256) {
        return vrtHolders.length;
    }

    function payeeCount() external view returns (uint256) {
        return payees.length;
    }

    /* HELPERS */

    /// @dev The first job, scanning from a random one, that `fits`; so that every action finds
    /// something to act on whenever any job allows it.
    function _find(uint256 seed, function(IJobMarket.Job memory) view returns (bool) fits)
        internal
        view
        returns (uint256 jobId, IJobMarket.Job memory job, bool ok)
    {
        uint256 n = sys.market.jobCount();
        for (uint256 k; k < n; ++k) {
            jobId = 1 + (seed % n + k) % n;
            job = sys.market.getJob(jobId);
            if (fits(job)) return (jobId, job, true);
        }
    }

    function _open(JobStatus st) internal pure returns (bool) {
        return
            st == JobStatus.Bidding || st == JobStatus.Assigned || st == JobStatus.Submitted || st == JobStatus.Disputed;
    }

    function _committable(IJobMarket.Job memory j) internal view returns (bool) {
        return j.status == JobStatus.Bidding && block.timestamp <= j.commitDeadline;
    }

    function _revealable(IJobMarket.Job memory j) internal view returns (bool) {
        return j.status == JobStatus.Bidding && block.timestamp <= j.revealDeadline;
    }

    function _settleable(IJobMarket.Job memory j) internal view returns (bool) {
        return j.status == JobStatus.Bidding && block.timestamp > j.revealDeadline;
    }

    function _cancellable(IJobMarket.Job memory j) internal pure returns (bool) {
        return j.status == JobStatus.Bidding && j.commitCount == 0;
    }

    function _submittable(IJobMarket.Job memory j) internal view returns (bool) {
        return j.status == JobStatus.Assigned && block.timestamp <= j.deadline;
    }

    function _missed(IJobMarket.Job memory j) internal view returns (bool) {
        return j.status == JobStatus.Assigned && block.timestamp > j.deadline;
    }

    function _finalizable(IJobMarket.Job memory j) internal view returns (bool) {
        return j.status == JobStatus.Submitted && block.timestamp > j.deadline;
    }

    function _disputable(IJobMarket.Job memory j) internal view returns (bool) {
        return (j.status == JobStatus.Submitted || j.status == JobStatus.Disputed) && block.timestamp <= j.deadline;
    }

    function _disputed(IJobMarket.Job memory j) internal pure returns (bool) {
        return j.status == JobStatus.Disputed;
    }

    function _salt(uint256 jobId, uint8 round, address bidder, uint256 price) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", jobId, round, bidder, price));
    }

    function _warpTo(uint256 t) internal {
        if (block.timestamp < t) vm.warp(t);
    }

    /// @dev Reads the market's events of the last action: attributes credits to the job whose
    /// payout event follows them (which must be the job each credit names), and counts payouts per job.
    function _record() internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 pending;
        uint256[] memory creditJobs = new uint256[](logs.length);
        uint256 credits;
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory l = logs[i];
            if (l.emitter != address(sys.market)) continue;
            bytes32 t0 = l.topics[0];
            if (t0 == IJobMarket.Credited.selector) {
                pending += abi.decode(l.data, (uint256));
                creditJobs[credits++] = uint256(l.topics[2]);
            } else if (t0 == IJobMarket.JobFinalized.selector || t0 == IJobMarket.JobRefunded.selector) {
                uint256 jobId = uint256(l.topics[1]);
                for (uint256 c; c < credits; ++c) {
                    if (creditJobs[c] != jobId) strayCredit = true;
                }
                credits = 0;
                ++payouts[jobId];
                creditedFor[jobId] += pending;
                pending = 0;
            }
        }
        if (pending != 0) strayCredit = true;
        // every action gets its own block, so that its vote checkpoints are in the past
        vm.roll(block.number + 1);
    }

    function _checkSlash(address provider, uint256 had, uint256 collateral, uint256 expected) internal {
        IStaking.StakeInfo memory s = sys.staking.stakeOf(provider);
        uint256 left = uint256(s.bonded) + s.unbonding;
        if (left > had) {
            slashViolation = true;
            return;
        }
        uint256 slashed = had - left;
        uint256 cap = expected < had ? expected : had;
        if (slashed > had || slashed > collateral || slashed != cap) slashViolation = true;
        ++slashes;
    }

    /* STAKING ACTIONS */

    function stake(uint256 pSeed, uint256 amount) external {
        address p = providers[pSeed % providers.length];
        uint256 balance = sys.token.balanceOf(p);
        if (balance == 0) return;
        amount = bound(amount, 1, balance);
        vm.prank(p);
        sys.staking.stake(amount);
        ++calls["stake"];
        _record();
    }

    function requestUnstake(uint256 pSeed, uint256 amount) external {
        address p = providers[pSeed % providers.length];
        uint256 free = sys.staking.freeStakeOf(p);
        if (free == 0) return;
        amount = bound(amount, 1, free);
        vm.prank(p);
        sys.staking.requestUnstake(amount);
        ++calls["requestUnstake"];
        _record();
    }

    function withdraw(uint256 pSeed) external {
        address p = providers[pSeed % providers.length];
        IStaking.StakeInfo memory s = sys.staking.stakeOf(p);
        if (s.unbonding == 0 || block.timestamp < s.releaseAt) return;
        vm.prank(p);
        sys.staking.withdraw();
        ++calls["withdraw"];
        _record();
    }

    /* MARKET ACTIONS */

    function post(uint256 rSeed, uint256 maxPrice, bool reauction, bool withConsumer) public {
        address r = requesters[rSeed % requesters.length];
        maxPrice = bound(maxPrice, 1, 200e6);
        IJobMarket.JobRequest memory req = IJobMarket.JobRequest({
            modelId: 1,
            maxPrice: maxPrice,
            executionWindow: 600,
            consumer: withConsumer ? address(consumer) : address(0),
            callbackGasLimit: withConsumer ? 200_000 : 0,
            reauction: reauction,
            // sometimes an assurance level above the collateral the price gives
            minCollateral: maxPrice % 5 == 0 ? 1500e18 : 0,
            minReliabilityBps: 0,
            noConviction: false
        });
        vm.prank(r);
        sys.market.postJob(req, INPUT);
        ++calls["post"];
        _record();
    }

    function commit(uint256 jSeed, uint256 pSeed, uint256 price) public {
        (uint256 jobId, IJobMarket.Job memory j, bool ok) = _find(jSeed, _committable);
        if (!ok) {
            // nothing open for bids: open a job, so that auctions keep happening
            post(jSeed, price, price % 2 == 0, price % 3 == 0);
            (jobId, j, ok) = _find(jSeed, _committable);
        }
        _commit(jobId, j, pSeed, price);
    }

    function reveal(uint256 jSeed, uint256 pSeed) public {
        uint256 n = sys.market.jobCount();
        for (uint256 k; k < n; ++k) {
            uint256 jobId = 1 + (jSeed % n + k) % n;
            IJobMarket.Job memory j = sys.market.getJob(jobId);
            if (_revealable(j) && _reveal(jobId, j, pSeed)) return;
        }
    }

    function settle(uint256 jSeed) public {
        (uint256 jobId, IJobMarket.Job memory j, bool ok) = _find(jSeed, _settleable);
        if (ok) _settle(jobId, j);
    }

    function submit(uint256 jSeed, bool byUri) public {
        (uint256 jobId, IJobMarket.Job memory j, bool ok) = _find(jSeed, _submittable);
        if (ok) _submit(jobId, j, byUri);
    }

    function finalize(uint256 jSeed) public {
        (uint256 jobId, IJobMarket.Job memory j, bool ok) = _find(jSeed, _finalizable);
        if (ok) _finalize(jobId, j);
    }

    function reportMissedDeadline(uint256 jSeed) public {
        (uint256 jobId, IJobMarket.Job memory j, bool ok) = _find(jSeed, _missed);
        if (ok) _reportMissed(jobId, j);
    }

    /// @notice Forfeits one commitment left unrevealed after its round's reveal phase, if any.
    function forfeit(uint256 seed) public {
        uint256 n = _commitRefs.length;
        for (uint256 k; k < n; ++k) {
            CommitRef memory c = _commitRefs[(seed % n + k) % n];
            Bid storage b = _bids[c.jobId][c.round][c.bidder];
            if (!b.locked) continue;
            IJobMarket.Job memory j = sys.market.getJob(c.jobId);
            if (c.round == j.round && j.status == JobStatus.Bidding && block.timestamp <= j.revealDeadline) continue;
            IStaking.StakeInfo memory s = sys.staking.stakeOf(c.bidder);
            sys.market.forfeitUnrevealedBid(c.jobId, c.round, c.bidder);
            b.locked = false;
            unrevealedLocked[c.bidder] -= j.collateral;
            uint256 expected = uint256(j.collateral) * sys.params.livenessSlashBps() / 10_000;
            _checkSlash(c.bidder, uint256(s.bonded) + s.unbonding, j.collateral, expected);
            ++calls["forfeit"];
            _record();
            return;
        }
    }

    /* FAST PATH ACTIONS */

    /// @notice Publishes or updates a provider's ask; never below the jobs it has in progress, so
    /// that "capacity never exceeded" can be checked as `active <= capacity`.
    function setAsk(uint256 pSeed, uint256 price, uint256 capacity) public {
        address p = providers[pSeed % providers.length];
        IAskBook book = sys.market.askBook();
        uint256 active = book.askOf(p, 1).active;
        capacity = bound(capacity, active > 1 ? active : 1, 4);
        price = bound(price, 1, 200e6);
        // sometimes a cap on the collateral one job may lock, which some requests then exceed
        uint256 maxCollateral = price % 3 == 0 ? 1200e18 : type(uint96).max;
        vm.prank(p);
        book.setAsk(1, price, capacity, block.timestamp + 1 hours, maxCollateral, 0, type(uint32).max);
        ++calls["setAsk"];
    }

    function withdrawAsk(uint256 pSeed) public {
        address p = providers[pSeed % providers.length];
        IAskBook book = sys.market.askBook();
        if (book.askOf(p, 1).capacity == 0) return;
        vm.prank(p);
        book.withdrawAsk(1);
        ++calls["withdrawAsk"];
    }

    /// @notice Posts a job taking a provider's ask (publishing one first when it has none live).
    /// A refusal (full, price, collateral cap, free stake) is part of the campaign, not a failure.
    function postFast(uint256 rSeed, uint256 pSeed, uint256 maxPrice, bool reauction) public {
        address r = requesters[rSeed % requesters.length];
        address p = providers[pSeed % providers.length];
        IAskBook.Ask memory a = sys.market.askBook().askOf(p, 1);
        if (a.capacity == 0 || block.timestamp > a.expiry) {
            setAsk(pSeed, maxPrice >> 8, maxPrice >> 16);
            a = sys.market.askBook().askOf(p, 1);
        }
        maxPrice = bound(maxPrice, 1, 200e6);
        // mostly a maximum the ask meets; sometimes one it does not
        if (a.price > maxPrice && maxPrice % 4 != 0) maxPrice = a.price;
        IJobMarket.JobRequest memory req = IJobMarket.JobRequest({
            modelId: 1,
            maxPrice: maxPrice,
            executionWindow: 600,
            consumer: rSeed % 4 == 0 ? address(consumer) : address(0),
            callbackGasLimit: rSeed % 4 == 0 ? 200_000 : 0,
            reauction: reauction,
            minCollateral: maxPrice % 5 == 0 ? 1500e18 : 0,
            minReliabilityBps: 0,
            noConviction: false
        });
        vm.prank(r);
        try sys.market.postJobWithAsk(req, INPUT, p) {
            ++calls["postFast"];
        } catch {
            ++calls["postFast-refused"];
        }
        _record();
    }

    /// @notice Finalizes up to four finalizable jobs in one batch.
    function finalizeBatch(uint256 seed) public {
        uint256 n = sys.market.jobCount();
        uint256[] memory ids = new uint256[](4);
        uint256 count;
        uint256 last;
        for (uint256 k; k < n && count < 4; ++k) {
            uint256 id = 1 + (seed % n + k) % n;
            IJobMarket.Job memory j = sys.market.getJob(id);
            if (j.status != JobStatus.Submitted) continue;
            ids[count++] = id;
            if (j.deadline > last) last = j.deadline;
        }
        if (count == 0) return;
        uint256[] memory batch = new uint256[](count);
        bytes32[] memory hashes = new bytes32[](count);
        bytes32[] memory roots = new bytes32[](count);
        bytes[] memory outputs = new bytes[](count);
        for (uint256 i; i < count; ++i) {
            (batch[i], hashes[i], roots[i], outputs[i]) = (ids[i], keccak256(OUTPUT), TRACE, OUTPUT);
        }
        _warpTo(last + 1);
        IBatchFinalizer(sys.market.batchFinalizer()).finalizeMany(batch, hashes, roots, outputs);
        ++calls["finalizeMany"];
        _record();
    }

    function cancel(uint256 jSeed) public {
        (uint256 jobId, IJobMarket.Job memory j, bool ok) = _find(jSeed, _cancellable);
        if (!ok) return;
        vm.prank(j.requester);
        sys.market.cancelJob(jobId);
        ++calls["cancel"];
        _record();
    }

    function claim(uint256 aSeed) public {
        for (uint256 k; k < payees.length; ++k) {
            address a = payees[(aSeed % payees.length + k) % payees.length];
            if (sys.market.claimable(a) == 0) continue;
            vm.prank(a);
            sys.market.claim();
            ++calls["claim"];
            _record();
            return;
        }
    }

    function openDispute(uint256 jSeed) public {
        (uint256 jobId,, bool ok) = _find(jSeed, _disputable);
        if (ok) _openDispute(jobId);
    }

    function resolveDispute(uint256 jSeed, bool providerWon) public {
        (uint256 jobId, IJobMarket.Job memory j, bool ok) = _find(jSeed, _disputed);
        if (ok) _resolve(jobId, j, providerWon);
    }

    /// @notice Resolves a dispute whose round already ended (another dispute proved the result
    /// wrong): the market must refuse it, change nothing and not revert.
    function resolveStale(uint256 seed, bool providerWon) public {
        uint256 n = ghostDisputes.length;
        for (uint256 k; k < n; ++k) {
            uint256 i = (seed % n + k) % n;
            GhostDispute storage g = ghostDisputes[i];
            if (g.resolved) continue;
            IJobMarket.Job memory before = sys.market.getJob(g.jobId);
            if (before.round == g.round && before.status == JobStatus.Disputed) continue;
            g.resolved = true;
            bool applied = game.resolveIn(g.jobId, g.round, providerWon, challenger);
            if (applied || keccak256(abi.encode(sys.market.getJob(g.jobId))) != keccak256(abi.encode(before))) {
                staleViolation = true;
            }
            ++calls["resolve-stale"];
            _record();
            return;
        }
    }

    /// @notice Moves one job a step along its lifecycle: most jobs then run to their end within a
    /// campaign, through every branch (silent bidders, missed deadlines, disputes both ways).
    function advance(uint256 jSeed, uint256 choice) public {
        uint256 n = sys.market.jobCount();
        // mostly the newest open job, so that jobs run to their end instead of timing out
        uint256 jobId;
        if (jSeed % 4 != 0) {
            for (uint256 id = n; id > 0 && id + 6 > n; --id) {
                if (_open(sys.market.getJob(id).status)) {
                    jobId = id;
                    break;
                }
            }
        } else if (n != 0) {
            jobId = 1 + jSeed % n;
        }
        if (choice % 11 == 0) return forfeit(choice >> 4);
        if (jobId == 0) return _postAny(jSeed, choice);
        IJobMarket.Job memory j = sys.market.getJob(jobId);
        JobStatus st = j.status;
        if (st == JobStatus.Bidding) {
            // bid while the commit phase lasts (mostly), reveal (mostly), then settle
            bool bid = j.commitCount == 0 || choice % 3 != 0;
            if (block.timestamp <= j.commitDeadline && bid && _commit(jobId, j, choice, choice >> 8)) return;
            if (block.timestamp <= j.revealDeadline && choice % 7 != 0 && _reveal(jobId, j, choice)) return;
            return _settle(jobId, j);
        }
        if (st == JobStatus.Assigned) {
            if (choice % 5 == 0 || block.timestamp > j.deadline) return _reportMissed(jobId, j);
            return _submit(jobId, j, choice % 2 == 0);
        }
        if (st == JobStatus.Submitted) {
            if (choice % 4 == 0 && block.timestamp <= j.deadline) {
                _openDispute(jobId);
                if (choice % 8 == 0) _openDispute(jobId); // a second one at once
                return;
            }
            if (choice % 6 == 1) return finalizeBatch(jobId - 1);
            return _finalize(jobId, j);
        }
        if (st == JobStatus.Disputed) {
            // disputes run side by side: sometimes another one opens
            if (choice % 3 == 0 && block.timestamp <= j.deadline) return _openDispute(jobId);
            bool providerWon = choice % 2 == 0;
            _resolve(jobId, j, providerWon);
            // the round's other disputes, if any, are stale now: end one of them
            if (!providerWon) resolveStale(choice >> 16, choice % 5 == 0);
            return;
        }
        _postAny(jSeed, choice);
    }

    /// @dev A new job: one in three takes an ask, the others go to auction.
    function _postAny(uint256 jSeed, uint256 choice) internal {
        if (choice % 3 == 1) return postFast(jSeed, choice >> 32, choice, choice % 2 == 0);
        post(jSeed, choice, choice % 2 == 0, choice % 3 == 0);
    }

    /// @notice Several lifecycle steps in one call, on the same job or on neighbours, so that
    /// campaigns of a few hundred calls see many jobs reach every end.
    function advanceMany(uint256 jSeed, uint256 choice, uint256 steps) external {
        steps = bound(steps, 1, 8);
        for (uint256 i; i < steps; ++i) {
            advance(uint256(keccak256(abi.encode(jSeed, i))), uint256(keccak256(abi.encode(choice, i))));
        }
    }

    /* STEPS */

    function _commit(uint256 jobId, IJobMarket.Job memory j, uint256 pSeed, uint256 price) internal returns (bool) {
        if (!_committable(j)) return false;
        address p;
        for (uint256 k; k < providers.length; ++k) {
            address candidate = providers[(pSeed % providers.length + k) % providers.length];
            if (
                !_bids[jobId][j.round][candidate].committed && sys.staking.isEligible(candidate)
                    && sys.staking.freeStakeOf(candidate) >= j.collateral
            ) {
                p = candidate;
                break;
            }
        }
        if (p == address(0)) return false;
        // one in ten bids is above the maximum price, and about one in a hundred below the bid
        // floor: neither can ever be revealed, and both end forfeited
        price = bound(price, 1, uint256(j.maxPrice) * 11 / 10 + 1);
        bytes32 c = sys.market.bidCommitment(jobId, j.round, p, price, _salt(jobId, j.round, p, price));
        vm.prank(p);
        sys.market.commitBid(jobId, c);
        _bids[jobId][j.round][p] = Bid({price: price, committed: true, revealed: false, locked: true});
        _commitRefs.push(CommitRef({jobId: jobId, round: j.round, bidder: p}));
        unrevealedLocked[p] += j.collateral;
        ++calls["commit"];
        _record();
        return true;
    }

    /// @dev Reveals one unrevealed bid of the job, if any; returns whether there was one.
    function _reveal(uint256 jobId, IJobMarket.Job memory j, uint256 pSeed) internal returns (bool) {
        for (uint256 k; k < providers.length; ++k) {
            address p = providers[(pSeed % providers.length + k) % providers.length];
            Bid storage b = _bids[jobId][j.round][p];
            if (!b.committed || b.revealed) continue;
            _warpTo(uint256(j.commitDeadline) + 1);
            b.revealed = true;
            vm.prank(p);
            try sys.market.revealBid(jobId, b.price, _salt(jobId, j.round, p, b.price)) {
                // the lock now belongs to the leader (seen through the job) or is released
                b.locked = false;
                unrevealedLocked[p] -= j.collateral;
                ++calls["reveal"];
            } catch {
                // above the maximum price or below the floor: the commitment stays, to be forfeited
                ++calls["reveal-rejected"];
            }
            _record();
            return true;
        }
        return false;
    }

    function _settle(uint256 jobId, IJobMarket.Job memory j) internal {
        _warpTo(uint256(j.revealDeadline) + 1);
        sys.market.settleAuction(jobId);
        ++calls["settle"];
        _record();
    }

    function _submit(uint256 jobId, IJobMarket.Job memory j, bool byUri) internal {
        if (!_submittable(j)) return;
        vm.prank(j.provider);
        if (byUri) sys.market.submitResultUri(jobId, "ipfs://out", keccak256(OUTPUT), _trace());
        else sys.market.submitResult(jobId, OUTPUT, _trace());
        ++calls["submit"];
        _record();
    }

    function _finalize(uint256 jobId, IJobMarket.Job memory j) internal {
        _warpTo(uint256(j.deadline) + 1);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        ++calls["finalize"];
        _record();
    }

    function _reportMissed(uint256 jobId, IJobMarket.Job memory j) internal {
        _warpTo(uint256(j.deadline) + 1);
        IStaking.StakeInfo memory s = sys.staking.stakeOf(j.provider);
        // doubled for each deadline missed in a row before, at most the whole collateral
        uint256 missed = sys.market.missedDeadlines(j.provider);
        if (missed > 14) missed = 14;
        uint256 expected = (uint256(j.collateral) * sys.params.livenessSlashBps() << missed) / 10_000;
        if (expected > j.collateral) expected = j.collateral;
        sys.market.reportMissedDeadline(jobId);
        _checkSlash(j.provider, uint256(s.bonded) + s.unbonding, j.collateral, expected);
        ++calls["reportMissedDeadline"];
        _record();
    }

    function _openDispute(uint256 jobId) internal {
        bool concurrent = sys.market.getJob(jobId).status == JobStatus.Disputed;
        uint256 index = game.open(jobId);
        (, uint8 round) = game.opened(index);
        ghostDisputes.push(GhostDispute({jobId: jobId, round: round, resolved: false}));
        ++calls[concurrent ? bytes32("openDispute-concurrent") : bytes32("openDispute")];
        _record();
    }

    /// @dev Resolves the oldest running dispute of the job's current round.
    function _resolve(uint256 jobId, IJobMarket.Job memory j, bool providerWon) internal {
        GhostDispute storage g;
        uint256 n = ghostDisputes.length;
        uint256 i;
        for (; i < n; ++i) {
            g = ghostDisputes[i];
            if (!g.resolved && g.jobId == jobId && g.round == j.round) break;
        }
        if (i == n) {
            staleViolation = true; // a disputed job without a counted dispute
            return;
        }
        g = ghostDisputes[i];
        g.resolved = true;
        IStaking.StakeInfo memory s = sys.staking.stakeOf(j.provider);
        uint256 expected = uint256(j.collateral) * sys.params.fraudSlashBps() / 10_000;
        if (!game.resolveIn(jobId, g.round, providerWon, challenger)) staleViolation = true;
        if (!providerWon) _checkSlash(j.provider, uint256(s.bonded) + s.unbonding, j.collateral, expected);
        ++calls[providerWon ? bytes32("resolve-providerWon") : bytes32("resolve-providerLost")];
        _record();
    }

    /// @dev Mostly short steps (auction phases last minutes here), one in eight up to two hours.
    function warp(uint256 secs) external {
        vm.warp(block.timestamp + (secs % 8 == 0 ? bound(secs, 0, 2 hours) : bound(secs, 0, 60)));
        ++calls["warp"];
    }

    /// @notice How often each action succeeded in the campaign (for -vv coverage reports).
    function callSummary() external view returns (string memory out) {
        bytes32[25] memory names = [
            bytes32("stake"),
            "requestUnstake",
            "withdraw",
            "post",
            "commit",
            "reveal",
            "reveal-rejected",
            "settle",
            "submit",
            "finalize",
            "reportMissedDeadline",
            "cancel",
            "forfeit",
            "claim",
            "openDispute",
            "openDispute-concurrent",
            "resolve-providerWon",
            "resolve-providerLost",
            "resolve-stale",
            "warp",
            "setAsk",
            "withdrawAsk",
            "postFast",
            "postFast-refused",
            "finalizeMany"
        ];
        for (uint256 i; i < names.length; ++i) {
            out = string.concat(out, vm.toString(calls[names[i]]), " ", _name(names[i]), "; ");
        }
    }

    function _name(bytes32 b) internal pure returns (string memory) {
        uint256 n;
        while (n < 32 && b[n] != 0) ++n;
        bytes memory s = new bytes(n);
        for (uint256 i; i < n; ++i) {
            s[i] = b[i];
        }
        return string(s);
    }
}
