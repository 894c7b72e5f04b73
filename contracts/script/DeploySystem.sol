// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {VerityToken} from "../src/token/VerityToken.sol";
import {TestStablecoin} from "./devnet/TestStablecoin.sol";
import {Parameters} from "../src/Parameters.sol";
import {IParameters} from "../src/interfaces/IParameters.sol";
import {Staking} from "../src/staking/Staking.sol";
import {DelegationPool} from "../src/staking/DelegationPool.sol";
import {ModelRegistry} from "../src/models/ModelRegistry.sol";
import {JobMarket} from "../src/market/JobMarket.sol";
import {VerityVotes} from "../src/governance/VerityVotes.sol";
import {VerityGovernor} from "../src/governance/VerityGovernor.sol";
import {VerityTimelock} from "../src/governance/VerityTimelock.sol";
import {DisputeGame} from "../src/dispute/DisputeGame.sol";
import {GovernanceConfig} from "./GovernanceConfig.sol";
import {DeployConfig} from "./DeployConfig.sol";

/// @notice Deploys and wires the whole protocol. Shared by the deploy script and
/// the tests, so that tests run against exactly what is deployed.
library DeploySystem {
    struct System {
        VerityToken token;
        IERC20 paymentToken;
        Parameters params;
        Staking staking;
        DelegationPool delegationPool;
        ModelRegistry models;
        JobMarket market;
        // Governance: zero when deployed with `deploy`, where an admin address owns the protocol.
        VerityVotes votes;
        VerityTimelock timelock;
        VerityGovernor governor;
        // Zero until `deployDisputeGame`: unit tests of the market wire a test double instead.
        DisputeGame disputes;
    }

    /// @notice Deploys the protocol owned by `admin`, without governance, with the devnet bounds
    /// (`DeployConfig.devnetBounds`: the absolute limits, accepted on local chains only).
    /// @param admin owner of parameters and market
    /// @param tokenHolder receives the whole VRT supply
    /// @param paymentToken the payment token, or zero to deploy a test stablecoin
    function deploy(
        address admin,
        address tokenHolder,
        uint256 tokenSupply,
        address paymentToken,
        address guardian,
        Parameters.Init memory init
    ) internal returns (System memory s) {
        _deployProtocol(
            s, admin, tokenHolder, tokenSupply, paymentToken, guardian, init, DeployConfig.devnetBounds(tokenSupply)
        );
    }

    /// @notice As `deploy`, with the bounds of the deployment given (`DeployConfig.productionBounds`
    /// on a public chain). The bounds' `stakeTokenSupply` and `paymentTokenDecimals` are facts, read
    /// from the tokens actually deployed, whatever `bounds` says.
    function deploy(
        address admin,
        address tokenHolder,
        uint256 tokenSupply,
        address paymentToken,
        address guardian,
        Parameters.Init memory init,
        IParameters.Bounds memory bounds
    ) internal returns (System memory s) {
        _deployProtocol(s, admin, tokenHolder, tokenSupply, paymentToken, guardian, init, bounds);
    }

    /// @notice Deploys the protocol owned by governance: the timelock owns Parameters and the
    /// job market from their constructors (no ownership transfer to accept), the governor is
    /// the timelock's only proposer and canceller, anyone may execute, and `deployer` gives
    /// up the timelock admin role before returning.
    /// @param deployer the account sending the deployment calls (the broadcaster in a script,
    /// the test contract in a test); it is the timelock's admin only during this function
    /// @param guardian may pause new jobs and bids (a multisig in production)
    /// @param init initial parameters; a zero `init.treasury` makes the timelock the treasury
    /// (written into `init`)
    function deployWithGovernance(
        address deployer,
        address tokenHolder,
        uint256 tokenSupply,
        address paymentToken,
        address guardian,
        Parameters.Init memory init,
        GovernanceConfig.Governance memory gov
    ) internal returns (System memory s) {
        return deployWithGovernance(
            deployer,
            tokenHolder,
            tokenSupply,
            paymentToken,
            guardian,
            init,
            DeployConfig.devnetBounds(tokenSupply),
            gov
        );
    }

    /// @notice As `deployWithGovernance` above, with the bounds of the deployment given (see `deploy`).
    function deployWithGovernance(
        address deployer,
        address tokenHolder,
        uint256 tokenSupply,
        address paymentToken,
        address guardian,
        Parameters.Init memory init,
        IParameters.Bounds memory bounds,
        GovernanceConfig.Governance memory gov
    ) internal returns (System memory s) {
        // The timelock comes first so that the protocol can be built with it as owner.
        s.timelock = new VerityTimelock(gov.timelockDelay, gov.timelockDelayFloor, deployer);
        if (init.treasury == address(0)) init.treasury = address(s.timelock);
        _deployProtocol(s, address(s.timelock), tokenHolder, tokenSupply, paymentToken, guardian, init, bounds);
        s.votes = new VerityVotes(IERC5805(address(s.token)), IERC5805(address(s.staking)));
        s.governor = new VerityGovernor(
            s.votes,
            s.timelock,
            VerityGovernor.Settings({
                votingDelay: gov.votingDelay,
                votingPeriod: gov.votingPeriod,
                proposalThreshold: tokenSupply * gov.proposalThresholdBps / 10_000,
                quorumNumerator: gov.quorumNumerator,
                votingDelayFloor: gov.votingDelayFloor,
                votingPeriodFloor: gov.votingPeriodFloor
            })
        );
        s.timelock.grantRole(s.timelock.PROPOSER_ROLE(), address(s.governor));
        s.timelock.grantRole(s.timelock.CANCELLER_ROLE(), address(s.governor));
        s.timelock.renounceRole(s.timelock.DEFAULT_ADMIN_ROLE(), deployer);
    }

    /// @notice Deploys the dispute game and wires it into the market, once and for good.
    /// Must be called by the same account that deployed the market.
    function deployDisputeGame(System memory s) internal {
        s.disputes = new DisputeGame(s.market, s.params, s.models, s.token);
        s.market.wire(address(s.disputes));
    }

    function _deployProtocol(
        System memory s,
        address owner,
        address tokenHolder,
        uint256 tokenSupply,
        address paymentToken,
        address guardian,
        Parameters.Init memory init,
        IParameters.Bounds memory bounds
    ) private {
        s.token = new VerityToken(tokenHolder, tokenSupply);
        // The freely mintable test stablecoin exists on local chains only.
        if (paymentToken == address(0) && !DeployConfig.isLocalChain(block.chainid)) {
            revert DeployConfig.DeployConfigPaymentTokenRequired(block.chainid);
        }
        s.paymentToken = paymentToken == address(0) ? IERC20(address(new TestStablecoin())) : IERC20(paymentToken);
        bounds.stakeTokenSupply = s.token.totalSupply();
        bounds.paymentTokenDecimals = IERC20Metadata(address(s.paymentToken)).decimals();
        s.params = new Parameters(owner, init, bounds);
        s.staking = new Staking(s.token, s.params);
        s.models = new ModelRegistry(s.token, s.params);
        s.market = new JobMarket(owner, s.paymentToken, s.staking, s.models, s.params, guardian);
        s.staking.wire(address(s.market));
        s.delegationPool = new DelegationPool(s.staking, s.params);
        s.staking.wireDelegationPool(address(s.delegationPool));
    }
}
