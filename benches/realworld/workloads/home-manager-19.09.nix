# A home-manager 19.09 user environment on nixpkgs 19.09pre: the activation package's
# derivation, as `home-manager build` evaluates it. Arguments: the two trees.
{ homeManager, nixpkgs }:
let
  pkgs = import nixpkgs { config = { }; overlays = [ ]; system = "x86_64-linux"; };
  hm = import (homeManager + "/modules") {
    inherit pkgs;
    configuration = { pkgs, ... }: {
      manual.manpages.enable = false;
      home.username = "alice";
      home.homeDirectory = "/home/alice";
      home.packages = with pkgs; [ ripgrep jq tree ];
      home.sessionVariables.EDITOR = "vim";
      programs.home-manager.enable = true;
      programs.bash = {
        enable = true;
        shellAliases = { ll = "ls -l"; gs = "git status"; };
        historySize = 100000;
      };
      programs.zsh = { enable = true; enableAutosuggestions = true; };
      programs.git = {
        enable = true;
        userName = "Alice";
        userEmail = "alice@example.org";
        aliases = { co = "checkout"; st = "status"; };
        extraConfig.pull.rebase = true;
        ignores = [ "*~" ".direnv" ];
      };
      programs.vim = {
        enable = true;
        settings = { number = true; expandtab = true; shiftwidth = 2; };
        extraConfig = "set hlsearch";
      };
      programs.tmux = { enable = true; clock24 = true; keyMode = "vi"; };
      programs.htop.enable = true;
      programs.direnv.enable = true;
      programs.fzf.enable = true;
      programs.ssh = {
        enable = true;
        matchBlocks."example" = { hostname = "example.org"; user = "alice"; };
      };
      programs.readline.enable = true;
      programs.man.enable = true;
      programs.lesspipe.enable = true;
      xdg.enable = true;
      xdg.configFile."example/settings.json".text = builtins.toJSON { a = 1; b = [ "x" ]; };
      home.file.".inputrc-extra".text = "set bell-style none";
      services.gpg-agent.enable = true;
      programs.gpg.enable = true;
    };
  };
in
hm.activationPackage.drvPath
