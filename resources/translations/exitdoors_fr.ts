<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_CA">
<context>
    <name></name>
    <message>
        <source>her latest reading is at least {n} points above her first</source>
        <translation>sa dernière mesure dépasse la première d’au moins {n} points</translation>
    </message>
    <message>
        <source>her latest reading falls in a higher stage band than her first</source>
        <translation>sa dernière mesure se situe dans une étape plus avancée que la première</translation>
    </message>
    <message>
        <source>her latest reading is higher than her first</source>
        <translation>sa dernière mesure est plus élevée que la première</translation>
    </message>
    <message>
        <source>she attended at least {n} of its planned sessions (all of them when fewer are planned)</source>
        <translation>elle a assisté à au moins {n} des séances prévues (à toutes, s’il y en a moins de prévues)</translation>
    </message>
    <message>
        <source>she attended at least {a} of every {b} of its planned sessions, rounded up (so {r} of {p})</source>
        <translation>elle a assisté à au moins {a} séances sur {b} des séances prévues, arrondi vers le haut (donc {r} sur {p})</translation>
    </message>
    <message>
        <source>Outcomes</source>
        <translation>Résultats</translation>
    </message>
    <message>
        <source>Referrals and partner agencies</source>
        <translation>Orientations et organismes partenaires</translation>
    </message>
    <message>
        <source>Group work</source>
        <translation>Travail de groupe</translation>
    </message>
    <message>
        <source>Reach: sex-work involvement at recruitment</source>
        <translation>Portée : implication dans le commerce du sexe au recrutement</translation>
    </message>
    <message>
        <source>Graduates with follow-up data</source>
        <translation>Participantes ayant terminé avec des données de suivi</translation>
    </message>
    <message>
        <source>Outcome: sex-work involvement at follow-up</source>
        <translation>Résultat : implication dans le commerce du sexe au suivi</translation>
    </message>
    <message>
        <source>Readiness to change: first to latest measure</source>
        <translation>Disposition au changement : de la première à la dernière mesure</translation>
    </message>
    <message>
        <source>Movements in the period</source>
        <translation>Mouvements pendant la période</translation>
    </message>
    <message>
        <source>Where participants stood on the last day of the period</source>
        <translation>Où en étaient les participantes le dernier jour de la période</translation>
    </message>
    <message>
        <source>Files closed without graduation, by reason</source>
        <translation>Dossiers fermés sans fin de parcours, par motif</translation>
    </message>
    <message>
        <source>Early discharges</source>
        <translation>Départs précoces</translation>
    </message>
    <message>
        <source>Median days per phase</source>
        <translation>Nombre médian de jours par phase</translation>
    </message>
    <message>
        <source>CTI fidelity indicators, program-wide</source>
        <translation>Indicateurs de fidélité au modèle ITC, pour tout le programme</translation>
    </message>
    <message>
        <source>Time from phase 1 start to graduation</source>
        <translation>Délai entre le début de la phase 1 et la fin du parcours</translation>
    </message>
    <message>
        <source>Caseloads (counts of workers, not of participants)</source>
        <translation>Charges de cas (nombre d’intervenantes, pas de participantes)</translation>
    </message>
    <message>
        <source>Referrals made in the period, by service type</source>
        <translation>Orientations faites dans la période, par type de service</translation>
    </message>
    <message>
        <source>Referrals made in the period, by status now</source>
        <translation>Orientations faites dans la période, selon leur statut actuel</translation>
    </message>
    <message>
        <source>Partner-agency survey: working relationship</source>
        <translation>Sondage auprès des organismes partenaires : relation de travail</translation>
    </message>
    <message>
        <source>Partner-agency survey: benefit to the shared work</source>
        <translation>Sondage auprès des organismes partenaires : bienfaits pour le travail commun</translation>
    </message>
    <message>
        <source>Operating cost and cost per participant, per program cycle</source>
        <translation>Coût de fonctionnement et coût par participante, par cycle du programme</translation>
    </message>
    <message>
        <source>Group sessions held, by type</source>
        <translation>Séances de groupe tenues, par type</translation>
    </message>
    <message>
        <source>Group sessions held, by month and type</source>
        <translation>Séances de groupe tenues, par mois et par type</translation>
    </message>
    <message>
        <source>Attendances at group sessions</source>
        <translation>Présences aux séances de groupe</translation>
    </message>
    <message>
        <source>Enrolled clients who attended a group session</source>
        <translation>Clientes inscrites ayant assisté à une séance de groupe</translation>
    </message>
    <message>
        <source>Average group size</source>
        <translation>Taille moyenne des groupes</translation>
    </message>
    <message>
        <source>Series completed, by group type (series that ended in the period)</source>
        <translation>Séries complétées, par type de groupe (séries terminées dans la période)</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Of</source>
        <translation>Sur</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Based on</source>
        <translation>Calculé sur</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>Participantes</translation>
    </message>
    <message>
        <source>Operating cost</source>
        <translation>Coût de fonctionnement</translation>
    </message>
    <message>
        <source>Not recorded at intake</source>
        <translation>Non noté à l’accueil</translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation>Sans réponse</translation>
    </message>
    <message>
        <source>With follow-up data</source>
        <translation>Avec données de suivi</translation>
    </message>
    <message>
        <source>No follow-up data (not reached or not done)</source>
        <translation>Sans données de suivi (non jointe ou non fait)</translation>
    </message>
    <message>
        <source>Moved to a later stage</source>
        <translation>Passée à une étape plus avancée</translation>
    </message>
    <message>
        <source>Same stage</source>
        <translation>Même étape</translation>
    </message>
    <message>
        <source>Moved to an earlier stage</source>
        <translation>Revenue à une étape antérieure</translation>
    </message>
    <message>
        <source>Entered the pre-phase</source>
        <translation>Entrée en pré-phase</translation>
    </message>
    <message>
        <source>Started phase 1 (recruited)</source>
        <translation>Début de la phase 1 (recrutée)</translation>
    </message>
    <message>
        <source>Re-enrolled after an earlier attempt</source>
        <translation>Réinscrite après une tentative antérieure</translation>
    </message>
    <message>
        <source>Moved back a phase</source>
        <translation>Retour à une phase antérieure</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pause</translation>
    </message>
    <message>
        <source>Graduated</source>
        <translation>Parcours terminé</translation>
    </message>
    <message>
        <source>Closed without graduating</source>
        <translation>Fermé sans fin de parcours</translation>
    </message>
    <message>
        <source>Pre-phase</source>
        <translation>Pré-phase</translation>
    </message>
    <message>
        <source>Phase 1</source>
        <translation>Phase 1</translation>
    </message>
    <message>
        <source>Phase 2</source>
        <translation>Phase 2</translation>
    </message>
    <message>
        <source>Phase 3</source>
        <translation>Phase 3</translation>
    </message>
    <message>
        <source>Closed early (from phase 1, 2 or 3)</source>
        <translation>Fermé tôt (depuis la phase 1, 2 ou 3)</translation>
    </message>
    <message>
        <source>At least 2 contacts in the first month</source>
        <translation>Au moins 2 contacts pendant le premier mois</translation>
    </message>
    <message>
        <source>Phase 1: at least 3 community meetings with her</source>
        <translation>Phase 1 : au moins 3 rencontres dans la communauté avec elle</translation>
    </message>
    <message>
        <source>Phase 1: at least 2 meetings with her supports</source>
        <translation>Phase 1 : au moins 2 rencontres avec ses soutiens</translation>
    </message>
    <message>
        <source>Contacts decreased phase by phase</source>
        <translation>Contacts en baisse d’une phase à l’autre</translation>
    </message>
    <message>
        <source>Graduated within the target time</source>
        <translation>Parcours terminé dans le délai visé</translation>
    </message>
    <message>
        <source>Median days, phase 1 start to graduation</source>
        <translation>Jours (médiane), du début de la phase 1 à la fin du parcours</translation>
    </message>
    <message>
        <source>Workers within the caseload limit</source>
        <translation>Intervenantes sous la limite de charge de cas</translation>
    </message>
    <message>
        <source>Largest caseload</source>
        <translation>Charge de cas la plus élevée</translation>
    </message>
    <message>
        <source>Median caseload</source>
        <translation>Charge de cas médiane</translation>
    </message>
    <message>
        <source>By enrolled clients (linked to their records)</source>
        <translation>Par des clientes inscrites (liées à leur dossier)</translation>
    </message>
    <message>
        <source>By others (anonymous, counted only)</source>
        <translation>Par d’autres personnes (anonymes, comptées seulement)</translation>
    </message>
    <message>
        <source>Different enrolled clients, at least one session</source>
        <translation>Clientes inscrites différentes, au moins une séance</translation>
    </message>
    <message>
        <source>Attendees per session, on average</source>
        <translation>Personnes présentes par séance, en moyenne</translation>
    </message>
    <message>
        <source>January</source>
        <translation>janvier</translation>
    </message>
    <message>
        <source>February</source>
        <translation>février</translation>
    </message>
    <message>
        <source>March</source>
        <translation>mars</translation>
    </message>
    <message>
        <source>April</source>
        <translation>avril</translation>
    </message>
    <message>
        <source>May</source>
        <translation>mai</translation>
    </message>
    <message>
        <source>June</source>
        <translation>juin</translation>
    </message>
    <message>
        <source>July</source>
        <translation>juillet</translation>
    </message>
    <message>
        <source>August</source>
        <translation>août</translation>
    </message>
    <message>
        <source>September</source>
        <translation>septembre</translation>
    </message>
    <message>
        <source>October</source>
        <translation>octobre</translation>
    </message>
    <message>
        <source>November</source>
        <translation>novembre</translation>
    </message>
    <message>
        <source>December</source>
        <translation>décembre</translation>
    </message>
    <message>
        <source>Median days</source>
        <translation>Jours (médiane)</translation>
    </message>
    <message>
        <source>Stays in phase</source>
        <translation>Séjours dans la phase</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>Intervenantes</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Séances</translation>
    </message>
    <message>
        <source>Attendances</source>
        <translation>Présences</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <source>Took part</source>
        <translation>Ont participé</translation>
    </message>
    <message>
        <source>Funder view — de-identified</source>
        <translation>Version bailleur de fonds — dépersonnalisée</translation>
    </message>
    <message>
        <source>Staff view — exact counts</source>
        <translation>Version du personnel — chiffres exacts</translation>
    </message>
    <message>
        <source>For funders and partners: a count from 1 to {m} is never shown exactly, nor a figure it could be worked out from.</source>
        <translation>Pour les bailleurs de fonds et les partenaires : un nombre de 1 à {m} n’est jamais affiché exactement, ni un chiffre permettant de le déduire.</translation>
    </message>
    <message>
        <source>For the program&apos;s own supervisors and admins: exact counts, small counts included. Not for funders or anyone outside the program.</source>
        <translation>Pour les superviseures et administratrices du programme : chiffres exacts, petits nombres compris. Pas pour les bailleurs de fonds ni pour quiconque hors du programme.</translation>
    </message>
    <message>
        <source>&lt;{t}: a small count (1 to {m}), not shown exactly · x: withheld so that a small count cannot be worked out by subtraction · 50–53: a table&apos;s largest figure, protected, given as the range it lies in</source>
        <translation>&lt;{t} : un petit nombre (1 à {m}), non affiché exactement · x : masqué pour qu’un petit nombre ne puisse pas être déduit par soustraction · 50–53 : le plus grand chiffre d’un tableau, protégé, donné sous forme d’intervalle</translation>
    </message>
    <message>
        <source>Not listed: {areas}. No participant has two readings of these areas up to the period’s end, so there is no progress to count.</source>
        <translation>Domaines absents : {areas}. Aucune participante n’a deux mesures de ces domaines avant la fin de la période : il n’y a donc aucun progrès à compter.</translation>
    </message>
    <message>
        <source>Group sessions dated in the period. An attendance is one person at one session: enrolled clients linked to their records, and others counted without a name; a client whose record was since erased or withdrawn still counts as an attendance. Different enrolled clients: each client with at least one attendance in the period, counted once (a record since erased or withdrawn is no longer known, so no longer counted). Average group size: all attendances divided by the sessions held, rounded half up to one decimal (withheld in the funder view when the attendances it is made of are). Series completion: for each series that ended in the period (its last held or planned session), each client who attended at least one of its sessions; she completed it when {rule}. Sessions held are events, not people: their counts are not suppressed in either view, and a session&apos;s date and type tell nothing about who came.</source>
        <translation>Séances de groupe datées dans la période. Une présence correspond à une personne à une séance : les clientes inscrites liées à leur dossier, et les autres personnes comptées sans nom ; une cliente dont le dossier a depuis été effacé ou retiré compte encore comme une présence. Clientes inscrites différentes : chaque cliente ayant au moins une présence dans la période, comptée une fois (un dossier effacé ou retiré depuis n’est plus connu, donc n’est plus compté). Taille moyenne des groupes : toutes les présences divisées par les séances tenues, arrondi au dixième le plus proche (la moitié vers le haut ; masqué dans la version bailleur de fonds lorsque les présences dont elle est faite le sont). Séries complétées : pour chaque série terminée dans la période (sa dernière séance tenue ou prévue), chaque cliente ayant assisté à au moins une de ses séances ; elle l’a complétée lorsque {rule}. Les séances tenues sont des événements, pas des personnes : leurs nombres ne sont masqués dans aucune version, et la date et le type d’une séance ne disent rien de qui est venu.</translation>
    </message>
    <message>
        <source>Only participants whose consent in effect covers de-identified evaluation.</source>
        <translation>Seulement les participantes dont le consentement en vigueur couvre l’évaluation dépersonnalisée.</translation>
    </message>
    <message>
        <source>Every participant recorded in the program&apos;s records, whatever her sharing consent: records count in de-identified aggregates only, and one population for every table means no table can be subtracted from another.</source>
        <translation>Chaque participante inscrite dans les dossiers du programme, quel que soit son consentement au partage : les dossiers ne comptent que dans des totaux dépersonnalisés, et une seule population pour tous les tableaux signifie qu’aucun tableau ne peut être soustrait d’un autre.</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <source>{a} to {b}, both days included. Figures use the records as they stood on {c}.</source>
        <translation>Du {a} au {b}, ces deux jours inclus. Les chiffres reflètent les dossiers tels qu’ils étaient le {c}.</translation>
    </message>
    <message>
        <source>Who is counted</source>
        <translation>Qui est comptée</translation>
    </message>
    <message>
        <source>Recruited</source>
        <translation>Recrutées</translation>
    </message>
    <message>
        <source>A participant is recruited on the day her phase 1 starts (the first day of CTI). A woman recruited twice in the period counts once.</source>
        <translation>Une participante est recrutée le jour où commence sa phase 1 (le premier jour de l’ITC). Une femme recrutée deux fois dans la période compte une fois.</translation>
    </message>
    <message>
        <source>Reach</source>
        <translation>Portée</translation>
    </message>
    <message>
        <source>Her sex-work involvement from the first measure marked “at intake” in the attempt she was recruited in. Percentages are of everyone recruited, including those with no intake measure.</source>
        <translation>Son implication dans le commerce du sexe selon la première mesure notée « à l’accueil » lors de la tentative où elle a été recrutée. Les pourcentages portent sur toutes les personnes recrutées, y compris celles sans mesure à l’accueil.</translation>
    </message>
    <message>
        <source>Outcome at follow-up</source>
        <translation>Résultat au suivi</translation>
    </message>
    <message>
        <source>Among participants who graduated in the period: the first follow-up measure on or after graduation (and before any re-enrolment). A follow-up where she could not be reached is no data. Percentages are of those with follow-up data.</source>
        <translation>Parmi les participantes ayant terminé leur parcours dans la période : la première mesure de suivi à la fin du parcours ou après (et avant toute réinscription). Un suivi où elle n’a pas pu être jointe ne compte pas comme une donnée. Les pourcentages portent sur celles qui ont des données de suivi.</translation>
    </message>
    <message>
        <source>Progress per focus area</source>
        <translation>Progrès par domaine</translation>
    </message>
    <message>
        <source>Among participants in phases 1–3 on some day of the period with at least two readings of an area (up to the period’s end): she progressed when {rule}. Each area has its own denominator. The first reading is her first ever: re-enrolling does not reset it.</source>
        <translation>Parmi les participantes en phase 1 à 3 à un moment de la période et ayant au moins deux mesures d’un domaine (jusqu’à la fin de la période) : elle a progressé lorsque {rule}. Chaque domaine a son propre dénominateur. La première mesure est sa toute première : une réinscription ne la remet pas à zéro.</translation>
    </message>
    <message>
        <source>Readiness to change</source>
        <translation>Disposition au changement</translation>
    </message>
    <message>
        <source>Same participants, at least two readiness measures: the stage of the latest against the first.</source>
        <translation>Les mêmes participantes, avec au moins deux mesures de disposition : l’étape de la plus récente comparée à la première.</translation>
    </message>
    <message>
        <source>Phase flow</source>
        <translation>Parcours par phase</translation>
    </message>
    <message>
        <source>Counts of women with each movement dated in the period. Median days per phase are over stays in a phase that ended in the period, paused days not counted. Early discharge: closed from phase 1, 2 or 3 instead of graduating.</source>
        <translation>Nombre de femmes pour chaque mouvement daté dans la période. Les jours médians par phase portent sur les séjours dans une phase terminés dans la période, jours de pause non comptés. Départ précoce : dossier fermé depuis la phase 1, 2 ou 3 au lieu d’un parcours terminé.</translation>
    </message>
    <message>
        <source>CTI fidelity</source>
        <translation>Fidélité au modèle ITC</translation>
    </message>
    <message>
        <source>At least 2 contacts in the 30 days from phase 1 start (women starting in the period whose first month is over); at least 3 community meetings with her and at least 2 meetings with her providers or informal supports during her first stay in phase 1 (women who completed phase 1 in the period); contacts per 30 days falling from phase to phase, and calendar days from phase 1 start to graduation against the target of {days} days (women who graduated in the period); caseload: a worker’s women in phases 1–3 on the period’s last day against the limit of {limit}.</source>
        <translation>Au moins 2 contacts dans les 30 jours suivant le début de la phase 1 (femmes ayant commencé dans la période et dont le premier mois est écoulé) ; au moins 3 rencontres dans la communauté avec elle et au moins 2 rencontres avec ses intervenants ou ses soutiens informels pendant son premier séjour en phase 1 (femmes ayant terminé la phase 1 dans la période) ; contacts par 30 jours en baisse d’une phase à l’autre, et jours civils entre le début de la phase 1 et la fin du parcours comparés à la cible de {days} jours (femmes ayant terminé leur parcours dans la période) ; charge de cas : les femmes d’une intervenante en phase 1 à 3 le dernier jour de la période comparées à la limite de {limit}.</translation>
    </message>
    <message>
        <source>Referrals and partners</source>
        <translation>Orientations et partenaires</translation>
    </message>
    <message>
        <source>Referrals made in the period by service type and by their status now. Partner agencies: each agency’s latest survey answer in the period; agencies are not named.</source>
        <translation>Orientations faites dans la période, par type de service et selon leur statut actuel. Organismes partenaires : la réponse la plus récente de chaque organisme au sondage dans la période ; les organismes ne sont pas nommés.</translation>
    </message>
    <message>
        <source>Cost per participant</source>
        <translation>Coût par participante</translation>
    </message>
    <message>
        <source>The operating cost the program entered for a cycle, divided by the participants recruited in that cycle (phase 1 started within its dates), rounded half up to the cent. Cycles overlapping the period are shown.</source>
        <translation>Le coût de fonctionnement saisi par le programme pour un cycle, divisé par les participantes recrutées pendant ce cycle (phase 1 commencée entre ses dates), arrondi au cent près (la moitié vers le haut). Les cycles qui chevauchent la période sont affichés.</translation>
    </message>
    <message>
        <source>Rounding</source>
        <translation>Arrondis</translation>
    </message>
    <message>
        <source>Percentages are rounded half up to a whole percent (so they may not add up to exactly 100); medians of days half up to a whole day.</source>
        <translation>Les pourcentages sont arrondis à l’unité (la moitié vers le haut ; leur somme peut donc différer légèrement de 100) ; les médianes de jours, au jour près.</translation>
    </message>
    <message>
        <source>Exact counts</source>
        <translation>Chiffres exacts</translation>
    </message>
    <message>
        <source>This is the staff view: every count is exact, small counts included. It is for the program&apos;s own supervision and must not be given to funders or anyone outside the program; they get the de-identified funder view.</source>
        <translation>Ceci est la version du personnel : tous les nombres sont exacts, y compris les petits nombres. Elle sert à la supervision interne du programme et ne doit pas être remise aux bailleurs de fonds ni à quiconque hors du programme ; ils reçoivent la version dépersonnalisée pour bailleurs de fonds.</translation>
    </message>
    <message>
        <source>Small counts</source>
        <translation>Petits nombres</translation>
    </message>
    <message>
        <source>Counts from 1 to {m} are shown as “&lt;{t}” and their percentage is left out. “x” marks a figure withheld so that a small count cannot be worked out by subtracting the others from the total; when that figure is a table&apos;s largest, it is given instead as the range a reader could already work out (e.g. “50–53”, “93–98%”), which tells nothing more about the small count. Medians over fewer than {t} women, and cost per participant for cycles of fewer than {t}, are withheld. Counts of workers and of group sessions held are not suppressed.</source>
        <translation>Les nombres de 1 à {m} sont affichés « &lt;{t} » et leur pourcentage est omis. « x » marque un chiffre masqué pour qu’un petit nombre ne puisse pas être déduit en soustrayant les autres du total ; lorsque ce chiffre est le plus grand d’un tableau, il est donné à la place sous forme de l’intervalle qu’une personne pourrait déjà déduire (p. ex. « 50–53 », « 93–98 % »), ce qui n’en dit pas plus sur le petit nombre. Les médianes calculées sur moins de {t} femmes, et le coût par participante des cycles de moins de {t}, sont masqués. Les nombres d’intervenantes et de séances de groupe tenues ne sont pas masqués.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Days in phase</source>
        <translation>Jours dans la phase</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>Dernier contact</translation>
    </message>
    <message>
        <source>Next contact</source>
        <translation>Prochain contact</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>À surveiller</translation>
    </message>
    <message>
        <source>{days} days in this phase; the target is {target}.</source>
        <translation>{days} jours dans cette phase ; la cible est de {target}.</translation>
    </message>
    <message>
        <source>Overdue.</source>
        <translation>En retard.</translation>
    </message>
    <message>
        <source>{days} days in this phase.</source>
        <translation>{days} jours dans cette phase.</translation>
    </message>
    <message>
        <source>{days} days ago</source>
        <translation>il y a {days} jours</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>En retard</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>en retard</translation>
    </message>
    <message>
        <source>nothing needs attention</source>
        <translation>rien à signaler</translation>
    </message>
    <message>
        <source>still being read</source>
        <translation>lecture en cours</translation>
    </message>
    <message>
        <source>Type a name to find her</source>
        <translation>Tapez un nom pour la trouver</translation>
    </message>
    <message>
        <source>No active client matches.</source>
        <translation>Aucune cliente active ne correspond.</translation>
    </message>
    <message>
        <source>{n} ticked</source>
        <translation>{n} cochées</translation>
    </message>
    <message>
        <source>1 ticked</source>
        <translation>1 cochée</translation>
    </message>
    <message>
        <source>Group session</source>
        <translation>Séance de groupe</translation>
    </message>
    <message>
        <source>New group session</source>
        <translation>Nouvelle séance de groupe</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Date</translation>
    </message>
    <message>
        <source>HH:MM</source>
        <translation>HH:MM</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>Dé&amp;but</translation>
    </message>
    <message>
        <source>&amp;Type</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <source>Se&amp;ries</source>
        <translation>Sé&amp;rie</translation>
    </message>
    <message>
        <source>T&amp;opic</source>
        <translation>S&amp;ujet</translation>
    </message>
    <message>
        <source>staff</source>
        <translation>personnel</translation>
    </message>
    <message>
        <source>partner agency</source>
        <translation>organisme partenaire</translation>
    </message>
    <message>
        <source>&amp;Facilitators</source>
        <translation>&amp;Animatrices</translation>
    </message>
    <message>
        <source>&amp;Place</source>
        <translation>&amp;Lieu</translation>
    </message>
    <message>
        <source>A team record: do not name participants in this note.</source>
        <translation>Document d’équipe : ne nommez pas les participantes dans cette note.</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <source>Others (&amp;unnamed)</source>
        <translation>Autres (&amp;sans nom)</translation>
    </message>
    <message>
        <source>&amp;Who came (her team&apos;s active clients)</source>
        <translation>&amp;Présentes (clientes actives de son équipe)</translation>
    </message>
    <message>
        <source>Save  (Ctrl+Enter)</source>
        <translation>Enregistrer  (Ctrl+Entrée)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>The start time must look like 18:30.</source>
        <translation>L’heure de début doit ressembler à 18:30.</translation>
    </message>
    <message>
        <source>The note is too long (at most {n} characters).</source>
        <translation>La note est trop longue ({n} caractères au plus).</translation>
    </message>
    <message>
        <source>The program has no group types; ask your supervisor.</source>
        <translation>Le programme n’a aucun type de groupe ; demandez à votre superviseure.</translation>
    </message>
    <message>
        <source>The note seems to name someone who came ({names}). A session note is a team record: please remove it, or save again to keep the note as it is.</source>
        <translation>La note semble nommer une personne présente ({names}). Une note de séance est un document d’équipe : retirez le nom, ou enregistrez de nouveau pour garder la note telle quelle.</translation>
    </message>
    <message>
        <source>Group session saved.</source>
        <translation>Séance de groupe enregistrée.</translation>
    </message>
    <message>
        <source>Not saved: {why}</source>
        <translation>Non enregistré : {why}</translation>
    </message>
    <message>
        <source>(not part of a series)</source>
        <translation>(ne fait pas partie d’une série)</translation>
    </message>
    <message>
        <source>This note seems to name someone who came: {names}. Do not name participants.</source>
        <translation>Cette note semble nommer une personne présente : {names}. Ne nommez pas les participantes.</translation>
    </message>
    <message>
        <source>Enter the date (year-month-day).</source>
        <translation>Entrez la date (année-mois-jour).</translation>
    </message>
    <message>
        <source>In the community</source>
        <translation>Dans la communauté</translation>
    </message>
    <message>
        <source>At the office</source>
        <translation>Au bureau</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Lieu</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Série</translation>
    </message>
    <message>
        <source>Sessions held</source>
        <translation>Séances tenues</translation>
    </message>
    <message>
        <source>Planned dates</source>
        <translation>Dates prévues</translation>
    </message>
    <message>
        <source>{held} of {planned}</source>
        <translation>{held} sur {planned}</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Attended</source>
        <translation>Présences</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Complétée</translation>
    </message>
    <message>
        <source>(a client not on this laptop)</source>
        <translation>(une cliente absente de cet ordinateur)</translation>
    </message>
    <message>
        <source>attended {a} of {p}</source>
        <translation>présente à {a} sur {p}</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <source>Not yet ({n} needed)</source>
        <translation>Pas encore ({n} requises)</translation>
    </message>
    <message>
        <source>&amp;New session…  (Ctrl+Shift+G)</source>
        <translation>&amp;Nouvelle séance…  (Ctrl+Maj+G)</translation>
    </message>
    <message>
        <source>Group sessions</source>
        <translation>Séances de groupe</translation>
    </message>
    <message>
        <source>Enter or double-click opens a session. Attendees&apos; names are shown only inside a session.</source>
        <translation>Entrée ou un double-clic ouvre une séance. Les noms des personnes présentes ne s’affichent que dans la séance.</translation>
    </message>
    <message>
        <source>&amp;Sessions</source>
        <translation>&amp;Séances</translation>
    </message>
    <message>
        <source>New se&amp;ries…</source>
        <translation>Nouvelle sé&amp;rie…</translation>
    </message>
    <message>
        <source>{n} sessions, {p} attendances</source>
        <translation>{n} séances, {p} présences</translation>
    </message>
    <message>
        <source>Completed: at least {n} of 8 planned sessions (the program&apos;s rule, scaled to each series).</source>
        <translation>Complétée : au moins {n} des 8 séances prévues (la règle du programme, ajustée à chaque série).</translation>
    </message>
    <message>
        <source>(a client not on your caseload)</source>
        <translation>(une cliente hors de votre charge de cas)</translation>
    </message>
    <message>
        <source>New series</source>
        <translation>Nouvelle série</translation>
    </message>
    <message>
        <source>e.g. Spring skills course</source>
        <translation>p. ex. Atelier d’habiletés du printemps</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <source>&amp;Planned sessions</source>
        <translation>Séances &amp;prévues</translation>
    </message>
    <message>
        <source>&amp;Add date</source>
        <translation>&amp;Ajouter une date</translation>
    </message>
    <message>
        <source>Planned &amp;dates</source>
        <translation>&amp;Dates prévues</translation>
    </message>
    <message>
        <source>Delete removes the highlighted date.</source>
        <translation>Suppr retire la date sélectionnée.</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>A series needs a name.</source>
        <translation>Une série doit avoir un nom.</translation>
    </message>
    <message>
        <source>There are more planned dates ({d}) than planned sessions ({n}).</source>
        <translation>Il y a plus de dates prévues ({d}) que de séances prévues ({n}).</translation>
    </message>
    <message>
        <source>Series saved.</source>
        <translation>Série enregistrée.</translation>
    </message>
    <message>
        <source>{date} is already planned.</source>
        <translation>Le {date} est déjà prévu.</translation>
    </message>
    <message>
        <source>not given (yyyy-mm-dd)</source>
        <translation>non indiquée (aaaa-mm-jj)</translation>
    </message>
    <message>
        <source>Type the date as year-month-day (2026-03-05) or {example}; leave empty if not given.</source>
        <translation>Tapez la date sous la forme année-mois-jour (2026-03-05) ou {example} ; laissez vide si elle n’est pas connue.</translation>
    </message>
    <message>
        <source>Choose the date from a calendar</source>
        <translation>Choisir la date dans un calendrier</translation>
    </message>
    <message>
        <source>Choose from a calendar (Alt+Down)</source>
        <translation>Choisir dans un calendrier (Alt+Bas)</translation>
    </message>
    <message>
        <source>“{text}” is not a real date: type year-month-day, e.g. 2026-03-05.</source>
        <translation>« {text} » n’est pas une date valide : tapez année-mois-jour, p. ex. 2026-03-05.</translation>
    </message>
    <message>
        <source>This date is not complete: type year-month-day, e.g. 2026-03-05.</source>
        <translation>Cette date est incomplète : tapez année-mois-jour, p. ex. 2026-03-05.</translation>
    </message>
    <message>
        <source>This date is after today: enter the day it happened.</source>
        <translation>Cette date est postérieure à aujourd’hui : entrez le jour où c’est arrivé.</translation>
    </message>
    <message>
        <source>This date is too early.</source>
        <translation>Cette date est trop ancienne.</translation>
    </message>
    <message>
        <source>The date of birth gives age {dob_age}, but the stated age is {stated}: check both before saving (the date of birth is the one used).</source>
        <translation>La date de naissance donne l’âge de {dob_age} ans, mais l’âge déclaré est {stated} : vérifiez les deux avant d’enregistrer (c’est la date de naissance qui est utilisée).</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nom</translation>
    </message>
    <message>
        <source>legal name</source>
        <translation>nom légal</translation>
    </message>
    <message>
        <source>pronouns</source>
        <translation>pronoms</translation>
    </message>
    <message>
        <source>date of birth</source>
        <translation>date de naissance</translation>
    </message>
    <message>
        <source>age</source>
        <translation>âge</translation>
    </message>
    <message>
        <source>(not given)</source>
        <translation>(non indiqué)</translation>
    </message>
    <message>
        <source>{field}: {old} → {new}</source>
        <translation>{field} : {old} → {new}</translation>
    </message>
    <message>
        <source>The profile will change:</source>
        <translation>Le profil va changer :</translation>
    </message>
    <message>
        <source>Apply these changes to her profile? (The intake is saved either way.)</source>
        <translation>Appliquer ces changements à son profil? (L’accueil est enregistré dans tous les cas.)</translation>
    </message>
    <message>
        <source>1 referral, {k} still open.</source>
        <translation>1 orientation, {k} encore ouverte(s).</translation>
    </message>
    <message>
        <source>{n} referrals, {k} still open.</source>
        <translation>{n} orientations, {k} encore ouverte(s).</translation>
    </message>
    <message>
        <source>The date of birth is in the future.</source>
        <translation>La date de naissance est dans le futur.</translation>
    </message>
    <message>
        <source>Age is not known (date of birth or age).</source>
        <translation>L’âge n’est pas connu (date de naissance ou âge).</translation>
    </message>
    <message>
        <source>Under the program&apos;s minimum age ({min_age}).</source>
        <translation>Sous l’âge minimum du programme ({min_age} ans).</translation>
    </message>
    <message>
        <source>Not answered: female-identifying.</source>
        <translation>Sans réponse : s’identifie comme femme.</translation>
    </message>
    <message>
        <source>Not female-identifying.</source>
        <translation>Ne s’identifie pas comme femme.</translation>
    </message>
    <message>
        <source>Not answered: wants to exit.</source>
        <translation>Sans réponse : veut quitter le milieu.</translation>
    </message>
    <message>
        <source>Does not want to exit now.</source>
        <translation>Ne veut pas quitter le milieu pour l’instant.</translation>
    </message>
    <message>
        <source>Not answered: lives in the area.</source>
        <translation>Sans réponse : habite dans la région.</translation>
    </message>
    <message>
        <source>Lives outside the area.</source>
        <translation>Habite hors de la région.</translation>
    </message>
    <message>
        <source>{count} of the {needed} needed criteria apply.</source>
        <translation>{count} des {needed} critères requis s’appliquent.</translation>
    </message>
    <message>
        <source>Another rule is not met.</source>
        <translation>Une autre règle n’est pas respectée.</translation>
    </message>
    <message>
        <source>The date is before her last phase change.</source>
        <translation>La date précède son dernier changement de phase.</translation>
    </message>
    <message>
        <source>This move is not possible from her current phase.</source>
        <translation>Ce changement n’est pas possible depuis sa phase actuelle.</translation>
    </message>
    <message>
        <source>This reason does not fit this move.</source>
        <translation>Ce motif ne convient pas à ce changement.</translation>
    </message>
    <message>
        <source>Her phase changed meanwhile; reopen the record and try again.</source>
        <translation>Sa phase a changé entre-temps ; rouvrez le dossier et réessayez.</translation>
    </message>
    <message>
        <source>This change belongs to another record.</source>
        <translation>Ce changement appartient à un autre dossier.</translation>
    </message>
    <message>
        <source>This phase change is not possible.</source>
        <translation>Ce changement de phase n’est pas possible.</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Lieu</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personnes</translation>
    </message>
    <message>
        <source>Needs raised</source>
        <translation>Besoins exprimés</translation>
    </message>
    <message>
        <source>Not linked: {alias}</source>
        <translation>Non liée : {alias}</translation>
    </message>
    <message>
        <source>Anonymous</source>
        <translation>Anonyme</translation>
    </message>
    <message>
        <source>(a client)</source>
        <translation>(une cliente)</translation>
    </message>
    <message>
        <source>Outreach log</source>
        <translation>Journal de proximité</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>Recommencer</translation>
    </message>
    <message>
        <source>&amp;Linked to</source>
        <translation>&amp;Liée à</translation>
    </message>
    <message>
        <source>&amp;Save  (Ctrl+Enter)</source>
        <translation>&amp;Enregistrer  (Ctrl+Entrée)</translation>
    </message>
    <message>
        <source>Recent contacts (last {n} days)</source>
        <translation>Contacts récents ({n} derniers jours)</translation>
    </message>
    <message>
        <source>Recent contacts</source>
        <translation>Contacts récents</translation>
    </message>
    <message>
        <source>Anonymous (no identity recorded)</source>
        <translation>Anonyme (aucune identité notée)</translation>
    </message>
    <message>
        <source>Some answers need attention before saving.</source>
        <translation>Certaines réponses sont à revoir avant d’enregistrer.</translation>
    </message>
    <message>
        <source>Outreach contact saved.</source>
        <translation>Contact de proximité enregistré.</translation>
    </message>
    <message>
        <source>Continuing an entry from {date} that was not saved yet.</source>
        <translation>Suite d’une saisie du {date} qui n’était pas encore enregistrée.</translation>
    </message>
    <message>
        <source>Agency</source>
        <translation>Organisme</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Partner agency</source>
        <translation>Organisme partenaire</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Phone, email or a person to ask for</source>
        <translation>Téléphone, courriel ou personne à demander</translation>
    </message>
    <message>
        <source>How referrals work with them (no client details)</source>
        <translation>Comment se font les orientations avec eux (aucun détail sur les clientes)</translation>
    </message>
    <message>
        <source>The agency needs a name.</source>
        <translation>L’organisme doit avoir un nom.</translation>
    </message>
    <message>
        <source>The notes are too long (at most {n} characters).</source>
        <translation>Les notes sont trop longues ({n} caractères au plus).</translation>
    </message>
    <message>
        <source>Partner agencies</source>
        <translation>Organismes partenaires</translation>
    </message>
    <message>
        <source>The services clients are referred to. Referrals pick from this list.</source>
        <translation>Les services vers lesquels les clientes sont orientées. Les orientations choisissent dans cette liste.</translation>
    </message>
    <message>
        <source>Filter by name or service</source>
        <translation>Filtrer par nom ou service</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Partner deleted.</source>
        <translation>Partenaire supprimé.</translation>
    </message>
    <message>
        <source>Partner saved.</source>
        <translation>Partenaire enregistré.</translation>
    </message>
    <message>
        <source>Delete partner</source>
        <translation>Supprimer le partenaire</translation>
    </message>
    <message>
        <source>Delete {name} from the directory? Past referrals keep their agency name.</source>
        <translation>Supprimer {name} du répertoire? Les orientations passées gardent le nom de l’organisme.</translation>
    </message>
    <message>
        <source>Unsaved draft</source>
        <translation>Brouillon non enregistré</translation>
    </message>
    <message>
        <source>There is an unsaved draft of this form from {date}.</source>
        <translation>Il y a un brouillon non enregistré de ce formulaire du {date}.</translation>
    </message>
    <message>
        <source>&amp;Continue the draft</source>
        <translation>&amp;Continuer le brouillon</translation>
    </message>
    <message>
        <source>&amp;Discard it and start again</source>
        <translation>&amp;Le supprimer et recommencer</translation>
    </message>
    <message>
        <source>She has not consented to share her information with this agency. The referral can go ahead, but nothing from her record will be disclosed to them. If she agrees, record her consent on the Consent tab first.</source>
        <translation>Elle n’a pas consenti à ce que ses renseignements soient communiqués à cet organisme. L’orientation peut se faire, mais rien de son dossier ne lui sera communiqué. Si elle est d’accord, notez d’abord son consentement dans l’onglet Consentement.</translation>
    </message>
    <message>
        <source>This agency is not in the directory, so no consent to share can be recorded for it. The referral can go ahead, but nothing from her record will be disclosed to them.</source>
        <translation>Cet organisme n’est pas dans le répertoire : aucun consentement à la communication ne peut être noté pour lui. L’orientation peut se faire, mais rien de son dossier ne lui sera communiqué.</translation>
    </message>
    <message>
        <source>Referral saved without sharing: the agency is not in the directory, so nothing from her record will be disclosed to them.</source>
        <translation>Orientation enregistrée sans communication : l’organisme n’est pas dans le répertoire, donc rien de son dossier ne lui sera communiqué.</translation>
    </message>
    <message>
        <source>Referral saved without sharing: she has not consented to share her information with this agency, so nothing from her record will be disclosed to them.</source>
        <translation>Orientation enregistrée sans communication : elle n’a pas consenti à ce que ses renseignements soient communiqués à cet organisme, donc rien de son dossier ne lui sera communiqué.</translation>
    </message>
    <message>
        <source>Change her profile?</source>
        <translation>Modifier son profil?</translation>
    </message>
    <message>
        <source>Choose a form on the left to fill it in, or an earlier one to read it.</source>
        <translation>Choisissez un formulaire à gauche pour le remplir, ou un formulaire antérieur pour le lire.</translation>
    </message>
    <message>
        <source>Discard draft</source>
        <translation>Supprimer le brouillon</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>Enregistrer (Ctrl+S)</translation>
    </message>
    <message>
        <source>Partner agency from the directory (if it is not there, type its name below):</source>
        <translation>Organisme partenaire du répertoire (s’il n’y est pas, tapez son nom ci-dessous) :</translation>
    </message>
    <message>
        <source>Not in the directory</source>
        <translation>Absent du répertoire</translation>
    </message>
    <message>
        <source>Saved {date} · written with version {v} of this form</source>
        <translation>Enregistré le {date} · rempli avec la version {v} de ce formulaire</translation>
    </message>
    <message>
        <source>Draft from {date} · not saved yet</source>
        <translation>Brouillon du {date} · pas encore enregistré</translation>
    </message>
    <message>
        <source>Some answers need attention before this can be saved.</source>
        <translation>Certaines réponses sont à revoir avant de pouvoir enregistrer.</translation>
    </message>
    <message>
        <source>Form saved.</source>
        <translation>Formulaire enregistré.</translation>
    </message>
    <message>
        <source>Referral saved without sharing her information.</source>
        <translation>Orientation enregistrée sans communiquer ses renseignements.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Enregistré.</translation>
    </message>
    <message>
        <source>New · drafts are kept in the vault as you type</source>
        <translation>Nouveau · les brouillons sont gardés dans le coffre chiffré pendant la saisie</translation>
    </message>
    <message>
        <source>Editing a saved form · drafts are kept as you type</source>
        <translation>Modification d’un formulaire enregistré · les brouillons sont gardés pendant la saisie</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Enregistré</translation>
    </message>
    <message>
        <source>Eligible for the program.</source>
        <translation>Admissible au programme.</translation>
    </message>
    <message>
        <source>Eligibility not decided yet:</source>
        <translation>Admissibilité pas encore décidée :</translation>
    </message>
    <message>
        <source>Not eligible under the program&apos;s criteria:</source>
        <translation>Non admissible selon les critères du programme :</translation>
    </message>
    <message>
        <source>Under 18: duty-to-report rules for minors apply. Check with your supervisor.</source>
        <translation>Moins de 18 ans : les règles sur l’obligation de signaler concernant les mineures s’appliquent. Consultez votre superviseure.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Abandonner</translation>
    </message>
    <message>
        <source>Throw away what was typed in this form since it was last saved?</source>
        <translation>Jeter ce qui a été saisi dans ce formulaire depuis le dernier enregistrement?</translation>
    </message>
    <message>
        <source>Not enrolled yet</source>
        <translation>Pas encore inscrite</translation>
    </message>
    <message>
        <source>Paused (in {phase})</source>
        <translation>En pause (en {phase})</translation>
    </message>
    <message>
        <source>day {d} of {target}</source>
        <translation>jour {d} sur {target}</translation>
    </message>
    <message>
        <source>day {d}</source>
        <translation>jour {d}</translation>
    </message>
    <message>
        <source>{n} days past target</source>
        <translation>{n} jours de plus que la cible</translation>
    </message>
    <message>
        <source>next contact by {date}</source>
        <translation>prochain contact d’ici le {date}</translation>
    </message>
    <message>
        <source>follow-up due</source>
        <translation>suivi à faire</translation>
    </message>
    <message>
        <source>store on device {m}</source>
        <translation>conservation sur l’appareil {m}</translation>
    </message>
    <message>
        <source>program team {m}</source>
        <translation>équipe du programme {m}</translation>
    </message>
    <message>
        <source>evaluation {m}</source>
        <translation>évaluation {m}</translation>
    </message>
    <message>
        <source>1 partner</source>
        <translation>1 partenaire</translation>
    </message>
    <message>
        <source>{n} partners</source>
        <translation>{n} partenaires</translation>
    </message>
    <message>
        <source>Duty-to-report rules for minors apply.</source>
        <translation>Les règles sur l’obligation de signaler concernant les mineures s’appliquent.</translation>
    </message>
    <message>
        <source>No consent to store recorded</source>
        <translation>Aucun consentement à la conservation noté</translation>
    </message>
    <message>
        <source>Copy safe contact</source>
        <translation>Copier le contact sécuritaire</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consentement</translation>
    </message>
    <message>
        <source>Safe contact</source>
        <translation>Contact sécuritaire</translation>
    </message>
    <message>
        <source>Copied text is cleared from the clipboard soon.</source>
        <translation>Le texte copié est bientôt effacé du presse-papiers.</translation>
    </message>
    <message>
        <source>Change &amp;phase…</source>
        <translation>Changer de &amp;phase…</translation>
    </message>
    <message>
        <source>&amp;Close record</source>
        <translation>&amp;Fermer le dossier</translation>
    </message>
    <message>
        <source>&amp;Archive…</source>
        <translation>&amp;Archiver…</translation>
    </message>
    <message>
        <source>Close her file. She stays in the notes and can be re-enrolled later (Change phase…). To remove her for good, use Erase….</source>
        <translation>Fermer son dossier. Elle reste dans les notes et peut être inscrite de nouveau plus tard (Changer de phase…). Pour la retirer pour de bon, utilisez Effacer….</translation>
    </message>
    <message>
        <source>Erase…</source>
        <translation>Effacer…</translation>
    </message>
    <message>
        <source>None recorded</source>
        <translation>Aucun noté</translation>
    </message>
    <message>
        <source>all partners</source>
        <translation>tous les partenaires</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Portée</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Witness</source>
        <translation>Témoin</translation>
    </message>
    <message>
        <source>Withdraw consent</source>
        <translation>Retirer le consentement</translation>
    </message>
    <message>
        <source>Record that she withdraws consent: {what}?

This takes effect everywhere, and the withdrawal itself is recorded.</source>
        <translation>Noter qu’elle retire son consentement : {what}?

Cela s’applique partout, et le retrait lui-même est consigné.</translation>
    </message>
    <message>
        <source>In effect now</source>
        <translation>En vigueur</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Consent history</source>
        <translation>Historique des consentements</translation>
    </message>
    <message>
        <source>Record consent</source>
        <translation>Noter un consentement</translation>
    </message>
    <message>
        <source>Partner</source>
        <translation>Partenaire</translation>
    </message>
    <message>
        <source>She gives consent</source>
        <translation>Elle donne son consentement</translation>
    </message>
    <message>
        <source>She withdraws it</source>
        <translation>Elle le retire</translation>
    </message>
    <message>
        <source>Witnessed by</source>
        <translation>En présence de</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Noter</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <source>{action} {date}, {how}</source>
        <translation>{action} le {date}, {how}</translation>
    </message>
    <message>
        <source>, witnessed by {w}</source>
        <translation>, en présence de {w}</translation>
    </message>
    <message>
        <source>never recorded</source>
        <translation>jamais noté</translation>
    </message>
    <message>
        <source>(removed partner)</source>
        <translation>(partenaire retiré)</translation>
    </message>
    <message>
        <source>{n}</source>
        <translation>{n}</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucun</translation>
    </message>
    <message>
        <source>All partners</source>
        <translation>Tous les partenaires</translation>
    </message>
    <message>
        <source>Choose the partner she agrees to share with.</source>
        <translation>Choisissez le partenaire avec lequel elle accepte le partage.</translation>
    </message>
    <message>
        <source>Enter the date she gave or withdrew consent (year-month-day).</source>
        <translation>Entrez la date où elle a donné ou retiré son consentement (année-mois-jour).</translation>
    </message>
    <message>
        <source>This consent cannot be recorded as entered.</source>
        <translation>Ce consentement ne peut pas être noté tel que saisi.</translation>
    </message>
    <message>
        <source>Consent recorded.</source>
        <translation>Consentement noté.</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Formulaire</translation>
    </message>
    <message>
        <source>draft of an edit</source>
        <translation>brouillon d’une modification</translation>
    </message>
    <message>
        <source>draft, not saved</source>
        <translation>brouillon, non enregistré</translation>
    </message>
    <message>
        <source>Filled in</source>
        <translation>Remplis</translation>
    </message>
    <message>
        <source>For her phase now</source>
        <translation>Pour sa phase actuelle</translation>
    </message>
    <message>
        <source>Other forms</source>
        <translation>Autres formulaires</translation>
    </message>
    <message>
        <source>Filled in before</source>
        <translation>Remplis auparavant</translation>
    </message>
    <message>
        <source>Fill in new</source>
        <translation>Remplir un nouveau</translation>
    </message>
    <message>
        <source>{form} filled in before</source>
        <translation>{form} rempli auparavant</translation>
    </message>
    <message>
        <source>Phase plan</source>
        <translation>Plan d’intervention</translation>
    </message>
    <message>
        <source>A phase plan is made for phases 1 to 3. She is not in one of them now.</source>
        <translation>Un plan d’intervention est fait pour les phases 1 à 3. Elle n’est dans aucune de ces phases en ce moment.</translation>
    </message>
    <message>
        <source>Phase plan · {phase}</source>
        <translation>Plan d’intervention · {phase}</translation>
    </message>
    <message>
        <source>Write the plan…</source>
        <translation>Rédiger le plan…</translation>
    </message>
    <message>
        <source>No plan for this phase yet. Choose 1 to {n} focus areas together with her.</source>
        <translation>Pas encore de plan pour cette phase. Choisissez avec elle de 1 à {n} domaines d’intervention.</translation>
    </message>
    <message>
        <source>Revise the plan…</source>
        <translation>Réviser le plan…</translation>
    </message>
    <message>
        <source>agreed with her</source>
        <translation>convenu avec elle</translation>
    </message>
    <message>
        <source>not yet agreed</source>
        <translation>pas encore convenu</translation>
    </message>
    <message>
        <source>Written {date}</source>
        <translation>Rédigé le {date}</translation>
    </message>
    <message>
        <source>review by {date}</source>
        <translation>à réviser d’ici le {date}</translation>
    </message>
    <message>
        <source>Goal</source>
        <translation>Objectif</translation>
    </message>
    <message>
        <source>Action steps</source>
        <translation>Étapes d’action</translation>
    </message>
    <message>
        <source>Linked supports</source>
        <translation>Soutiens liés</translation>
    </message>
    <message>
        <source>Earlier plans</source>
        <translation>Plans antérieurs</translation>
    </message>
    <message>
        <source>(not named)</source>
        <translation>(non nommé)</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>Donné</translation>
    </message>
    <message>
        <source>Not given: nothing shared</source>
        <translation>Non donné : rien n’est communiqué</translation>
    </message>
    <message>
        <source>Agency not in directory: nothing shared</source>
        <translation>Organisme hors répertoire : rien n’est communiqué</translation>
    </message>
    <message>
        <source>Made on</source>
        <translation>Faite le</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Last update</source>
        <translation>Dernière mise à jour</translation>
    </message>
    <message>
        <source>Consent to share</source>
        <translation>Consentement au partage</translation>
    </message>
    <message>
        <source>Update status…</source>
        <translation>Mettre à jour le statut…</translation>
    </message>
    <message>
        <source>New referral…</source>
        <translation>Nouvelle orientation…</translation>
    </message>
    <message>
        <source>No referrals yet.</source>
        <translation>Aucune orientation pour l’instant.</translation>
    </message>
    <message>
        <source>Add a reading</source>
        <translation>Ajouter une mesure</translation>
    </message>
    <message>
        <source>{title}: rate each area from {lo} to {hi} with her. Leave an area at “—” to skip it.</source>
        <translation>{title} : évaluez chaque domaine de {lo} à {hi} avec elle. Laissez un domaine à « — » pour le passer.</translation>
    </message>
    <message>
        <source>Add &amp;reading…</source>
        <translation>Ajouter une &amp;mesure…</translation>
    </message>
    <message>
        <source>Show as ta&amp;ble</source>
        <translation>Afficher en ta&amp;bleau</translation>
    </message>
    <message>
        <source>Show the chart&apos;s figures as a table instead</source>
        <translation>Afficher plutôt les chiffres du graphique dans un tableau</translation>
    </message>
    <message>
        <source>Progress scale figures</source>
        <translation>Chiffres de l’échelle de progrès</translation>
    </message>
    <message>
        <source>Scale readings</source>
        <translation>Mesures de l’échelle</translation>
    </message>
    <message>
        <source>{title}: no readings yet. Rate at intake, at reviews and at graduation.</source>
        <translation>{title} : aucune mesure pour l’instant. Évaluez à l’accueil, aux révisions et à la fin du parcours.</translation>
    </message>
    <message>
        <source>{title}: one reading, on {date}.</source>
        <translation>{title} : une mesure, le {date}.</translation>
    </message>
    <message>
        <source>{title}: {n} readings. Progress since the first in {k} of {m} areas.</source>
        <translation>{title} : {n} mesures. Progrès depuis la première dans {k} domaines sur {m}.</translation>
    </message>
    <message>
        <source>Reading saved.</source>
        <translation>Mesure enregistrée.</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Phase change</source>
        <translation>Changement de phase</translation>
    </message>
    <message>
        <source>Contact note</source>
        <translation>Note de contact</translation>
    </message>
    <message>
        <source>an agency</source>
        <translation>un organisme</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>Orientation</translation>
    </message>
    <message>
        <source>Consent given</source>
        <translation>Consentement donné</translation>
    </message>
    <message>
        <source>Consent withdrawn</source>
        <translation>Consentement retiré</translation>
    </message>
    <message>
        <source>in the community</source>
        <translation>dans la communauté</translation>
    </message>
    <message>
        <source>at the office</source>
        <translation>au bureau</translation>
    </message>
    <message>
        <source>online</source>
        <translation>en ligne</translation>
    </message>
    <message>
        <source>Scale reading</source>
        <translation>Mesure d’échelle</translation>
    </message>
    <message>
        <source>{title}: {n} areas, average {mean}</source>
        <translation>{title} : {n} domaines, moyenne {mean}</translation>
    </message>
    <message>
        <source>Change phase</source>
        <translation>Changer de phase</translation>
    </message>
    <message>
        <source> · since {date}</source>
        <translation> · depuis le {date}</translation>
    </message>
    <message>
        <source>Now: {state}</source>
        <translation>Actuellement : {state}</translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation>&amp;Changement</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Motif</translation>
    </message>
    <message>
        <source>Record the change</source>
        <translation>Noter le changement</translation>
    </message>
    <message>
        <source>Her last phase change was on this same day ({date}): check the date.</source>
        <translation>Son dernier changement de phase date de ce même jour ({date}) : vérifiez la date.</translation>
    </message>
    <message>
        <source>No phase change is possible from here.</source>
        <translation>Aucun changement de phase n’est possible à partir d’ici.</translation>
    </message>
    <message>
        <source>Moving back is a normal part of leaving; her phase clock starts again in the earlier phase.</source>
        <translation>Revenir en arrière fait normalement partie du processus de sortie ; le compteur de la phase repart dans la phase antérieure.</translation>
    </message>
    <message>
        <source>Paused days do not count towards the phase target.</source>
        <translation>Les jours de pause ne comptent pas dans la cible de la phase.</translation>
    </message>
    <message>
        <source>Remember the closing note and, about a month from now, the follow-up.</source>
        <translation>N’oubliez pas la note de fermeture et, dans environ un mois, le suivi.</translation>
    </message>
    <message>
        <source>A new attempt starts; the earlier ones stay in her record.</source>
        <translation>Une nouvelle tentative commence ; les précédentes restent dans son dossier.</translation>
    </message>
    <message>
        <source>Closing before graduation is recorded as an early discharge, which CTI discourages. Fill in the closing note afterwards.</source>
        <translation>Fermer avant la fin du parcours est noté comme un départ précoce, ce que l’ITC déconseille. Remplissez ensuite la note de fermeture.</translation>
    </message>
    <message>
        <source>Her intake of {date} found her not eligible under the program&apos;s criteria.</source>
        <translation>Son accueil du {date} l’a jugée non admissible selon les critères du programme.</translation>
    </message>
    <message>
        <source>She is under 18: duty-to-report rules for minors apply. Check with your supervisor first.</source>
        <translation>Elle a moins de 18 ans : les règles sur l’obligation de signaler concernant les mineures s’appliquent. Consultez d’abord votre superviseure.</translation>
    </message>
    <message>
        <source>Enter the date of the change (year-month-day).</source>
        <translation>Entrez la date du changement (année-mois-jour).</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Chronologie</translation>
    </message>
    <message>
        <source>Forms</source>
        <translation>Formulaires</translation>
    </message>
    <message>
        <source>Scales</source>
        <translation>Échelles</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>Orientations</translation>
    </message>
    <message>
        <source>Phase change recorded.</source>
        <translation>Changement de phase noté.</translation>
    </message>
    <message>
        <source>{pct} ({count} of {of})</source>
        <translation>{pct} ({count} sur {of})</translation>
    </message>
    <message>
        <source>{count} of {of}</source>
        <translation>{count} sur {of}</translation>
    </message>
    <message>
        <source>Of {n}</source>
        <translation>Sur {n}</translation>
    </message>
    <message>
        <source>Involvement at recruitment</source>
        <translation>Implication au recrutement</translation>
    </message>
    <message>
        <source>Involvement at follow-up</source>
        <translation>Implication au suivi</translation>
    </message>
    <message>
        <source>Share who progressed, per area</source>
        <translation>Part de celles qui ont progressé, par domaine</translation>
    </message>
    <message>
        <source>Where participants stood</source>
        <translation>Où en étaient les participantes</translation>
    </message>
    <message>
        <source>Fidelity indicators met</source>
        <translation>Indicateurs de fidélité atteints</translation>
    </message>
    <message>
        <source>Referrals by service type</source>
        <translation>Orientations par type de service</translation>
    </message>
    <message>
        <source>Sessions held per month</source>
        <translation>Séances tenues par mois</translation>
    </message>
    <message>
        <source>Start (YYYY-MM-DD)</source>
        <translation>Début (AAAA-MM-JJ)</translation>
    </message>
    <message>
        <source>End (YYYY-MM-DD)</source>
        <translation>Fin (AAAA-MM-JJ)</translation>
    </message>
    <message>
        <source>Program cycles and operating cost</source>
        <translation>Cycles du programme et coût de fonctionnement</translation>
    </message>
    <message>
        <source>Add a cycle</source>
        <translation>Ajouter un cycle</translation>
    </message>
    <message>
        <source>Remove the selected cycle</source>
        <translation>Retirer le cycle sélectionné</translation>
    </message>
    <message>
        <source>Cycle {n}</source>
        <translation>Cycle {n}</translation>
    </message>
    <message>
        <source>Row {n}: dates must read like 2024-04-01.</source>
        <translation>Ligne {n} : les dates doivent ressembler à 2024-04-01.</translation>
    </message>
    <message>
        <source>Row {n}: {problem}</source>
        <translation>Ligne {n} : {problem}</translation>
    </message>
    <message>
        <source>A small count (from 1 to {m}), not shown exactly</source>
        <translation>Un petit nombre (de 1 à {m}), non affiché exactement</translation>
    </message>
    <message>
        <source>Withheld so that a small count cannot be worked out by subtraction</source>
        <translation>Masqué pour qu’un petit nombre ne puisse pas être déduit par soustraction</translation>
    </message>
    <message>
        <source>Protected: the exact figure lies in this range</source>
        <translation>Protégé : le chiffre exact se trouve dans cet intervalle</translation>
    </message>
    <message>
        <source>Cycle</source>
        <translation>Cycle</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Intervenante</translation>
    </message>
    <message>
        <source>Fidelity</source>
        <translation>Fidélité</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Non assignée</translation>
    </message>
    <message>
        <source>Service delivery and fidelity</source>
        <translation>Prestation des services et fidélité</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Afficher</translation>
    </message>
    <message>
        <source>Cyc&amp;les and costs…</source>
        <translation>Cycles et c&amp;oûts…</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>Exporter en &amp;CSV…</translation>
    </message>
    <message>
        <source>Export &amp;PDF…</source>
        <translation>Exporter en &amp;PDF…</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Du</translation>
    </message>
    <message>
        <source>&amp;to</source>
        <translation>a&amp;u</translation>
    </message>
    <message>
        <source>C&amp;ycle</source>
        <translation>C&amp;ycle</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>V&amp;ersion</translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation>&amp;Graphiques</translation>
    </message>
    <message>
        <source>Untick to show the figures as tables only</source>
        <translation>Décochez pour n’afficher les chiffres qu’en tableaux</translation>
    </message>
    <message>
        <source>Caseload review (staff only)</source>
        <translation>Revue des charges de cas (personnel seulement)</translation>
    </message>
    <message>
        <source>Identifying — for staff supervision only. This review names clients: it is never exported or printed with the report.</source>
        <translation>Identifiant — pour la supervision du personnel seulement. Cette revue nomme des clientes : elle n’est jamais exportée ni imprimée avec le rapport.</translation>
    </message>
    <message>
        <source>Any period (choose dates)</source>
        <translation>Toute période (choisir les dates)</translation>
    </message>
    <message>
        <source>Enter the first day of the period (year-month-day, e.g. 2026-03-05).</source>
        <translation>Entrez le premier jour de la période (année-mois-jour, p. ex. 2026-03-05).</translation>
    </message>
    <message>
        <source>First day of the period: {problem}</source>
        <translation>Premier jour de la période : {problem}</translation>
    </message>
    <message>
        <source>Enter the last day of the period (year-month-day, e.g. 2026-03-05).</source>
        <translation>Entrez le dernier jour de la période (année-mois-jour, p. ex. 2026-03-05).</translation>
    </message>
    <message>
        <source>Last day of the period: {problem}</source>
        <translation>Dernier jour de la période : {problem}</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>La période se termine avant de commencer.</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Calcul en cours…</translation>
    </message>
    <message>
        <source>The figures could not be counted.</source>
        <translation>Les chiffres n’ont pas pu être calculés.</translation>
    </message>
    <message>
        <source>{worker}: {n} in CTI (limit {limit}){over} · {a} attention flags · {f} fidelity flags</source>
        <translation>{worker} : {n} en ITC (limite {limit}){over} · {a} signalements · {f} signalements de fidélité</translation>
    </message>
    <message>
        <source> — over the limit</source>
        <translation> — au-dessus de la limite</translation>
    </message>
    <message>
        <source>No clients in the program.</source>
        <translation>Aucune cliente dans le programme.</translation>
    </message>
    <message>
        <source>Export the de-identified report</source>
        <translation>Exporter le rapport dépersonnalisé</translation>
    </message>
    <message>
        <source>The report could not be written there.</source>
        <translation>Le rapport n’a pas pu être écrit à cet endroit.</translation>
    </message>
    <message>
        <source>Report written: {file}</source>
        <translation>Rapport enregistré : {file}</translation>
    </message>
    <message>
        <source>No figures for this period.</source>
        <translation>Aucun chiffre pour cette période.</translation>
    </message>
    <message>
        <source>This report holds counts, percentages and medians only: no names, identifiers, dates of birth or notes.</source>
        <translation>Ce rapport ne contient que des nombres, des pourcentages et des médianes : aucun nom, identifiant, date de naissance ni note.</translation>
    </message>
    <message>
        <source>The method note at the end defines every figure.</source>
        <translation>La note méthodologique à la fin définit chaque chiffre.</translation>
    </message>
    <message>
        <source>Method note</source>
        <translation>Note méthodologique</translation>
    </message>
    <message>
        <source>Evaluation report</source>
        <translation>Rapport d’évaluation</translation>
    </message>
    <message>
        <source>Outcomes, phase flow, CTI fidelity, cost per participant and group work</source>
        <translation>Résultats, parcours par phase, fidélité au modèle ITC, coût par participante et travail de groupe</translation>
    </message>
    <message>
        <source>Records as they stood on {d}</source>
        <translation>Dossiers tels qu’ils étaient le {d}</translation>
    </message>
    <message>
        <source>Contents: </source>
        <translation>Contenu : </translation>
    </message>
    <message>
        <source>Page {n} of {m}</source>
        <translation>Page {n} sur {m}</translation>
    </message>
    <message>
        <source>Add at least one entry.</source>
        <translation>Ajoutez au moins une entrée.</translation>
    </message>
    <message>
        <source>Add at least %n entries.</source>
        <translation>Ajoutez au moins %n entrées.</translation>
    </message>
    <message>
        <source>Choose at least one.</source>
        <translation>Choisissez-en au moins une.</translation>
    </message>
    <message>
        <source>Choose at least %n.</source>
        <translation>Choisissez-en au moins %n.</translation>
    </message>
    <message>
        <source>Add at most one entry.</source>
        <translation>Ajoutez au plus une entrée.</translation>
    </message>
    <message>
        <source>Add at most %n entries.</source>
        <translation>Ajoutez au plus %n entrées.</translation>
    </message>
    <message>
        <source>Choose at most one.</source>
        <translation>Choisissez-en au plus une.</translation>
    </message>
    <message>
        <source>Choose at most %n.</source>
        <translation>Choisissez-en au plus %n.</translation>
    </message>
    <message>
        <source>Fill in at least one entry.</source>
        <translation>Remplissez au moins une entrée.</translation>
    </message>
    <message>
        <source>This answer is required.</source>
        <translation>Cette réponse est obligatoire.</translation>
    </message>
    <message>
        <source>This answer should be text.</source>
        <translation>Cette réponse doit être du texte.</translation>
    </message>
    <message>
        <source>This is too long: at most %n characters.</source>
        <translation>C’est trop long : %n caractères au plus.</translation>
    </message>
    <message>
        <source>This does not have the expected format.</source>
        <translation>Le format n’est pas celui attendu.</translation>
    </message>
    <message>
        <source>Enter a number.</source>
        <translation>Entrez un nombre.</translation>
    </message>
    <message>
        <source>Enter a whole number.</source>
        <translation>Entrez un nombre entier.</translation>
    </message>
    <message>
        <source>Enter {min} or more.</source>
        <translation>Entrez {min} ou plus.</translation>
    </message>
    <message>
        <source>Enter {max} or less.</source>
        <translation>Entrez {max} ou moins.</translation>
    </message>
    <message>
        <source>Enter a real date (year-month-day).</source>
        <translation>Entrez une date valide (année-mois-jour).</translation>
    </message>
    <message>
        <source>This choice is not one of the options.</source>
        <translation>Ce choix ne fait pas partie des options.</translation>
    </message>
    <message>
        <source>The same choice is selected twice.</source>
        <translation>Le même choix est sélectionné deux fois.</translation>
    </message>
    <message>
        <source>This answer should be a list.</source>
        <translation>Cette réponse doit être une liste.</translation>
    </message>
    <message>
        <source>Answer yes or no.</source>
        <translation>Répondez oui ou non.</translation>
    </message>
    <message>
        <source>This entry is not in the expected shape.</source>
        <translation>Cette entrée n’a pas la forme attendue.</translation>
    </message>
    <message>
        <source>This answer does not belong to this form.</source>
        <translation>Cette réponse n’appartient pas à ce formulaire.</translation>
    </message>
    <message>
        <source>This answer is not valid.</source>
        <translation>Cette réponse n’est pas valide.</translation>
    </message>
    <message>
        <source>The user name or passphrase is not right.</source>
        <translation>Le nom d’utilisatrice ou la phrase de passe n’est pas exact.</translation>
    </message>
    <message>
        <source>Too many attempts. Please wait before trying again.</source>
        <translation>Trop de tentatives. Veuillez attendre avant de réessayer.</translation>
    </message>
    <message>
        <source>The notes file is damaged or was changed outside the app. Nothing was overwritten and nothing new was created. Please contact your supervisor before doing anything else.</source>
        <translation>Le fichier de notes est endommagé ou a été modifié hors de l’application. Rien n’a été écrasé et rien de nouveau n’a été créé. Communiquez avec votre superviseure avant toute autre chose.</translation>
    </message>
    <message>
        <source>These notes were written by a newer version of the app. Please update the app; nothing was changed.</source>
        <translation>Ces notes ont été écrites par une version plus récente de l’application. Veuillez mettre l’application à jour ; rien n’a été modifié.</translation>
    </message>
    <message>
        <source>No notes were found in this folder.</source>
        <translation>Aucune note n’a été trouvée dans ce dossier.</translation>
    </message>
    <message>
        <source>Notes already exist here; nothing was overwritten.</source>
        <translation>Des notes existent déjà ici ; rien n’a été écrasé.</translation>
    </message>
    <message>
        <source>Please choose a longer or less common passphrase (12 characters or more).</source>
        <translation>Veuillez choisir une phrase de passe plus longue ou moins courante (12 caractères ou plus).</translation>
    </message>
    <message>
        <source>The notes are locked.</source>
        <translation>Les notes sont verrouillées.</translation>
    </message>
    <message>
        <source>That record is no longer there.</source>
        <translation>Ce dossier n’existe plus.</translation>
    </message>
    <message>
        <source>That phase change is not possible from her current phase.</source>
        <translation>Ce changement de phase n’est pas possible depuis sa phase actuelle.</translation>
    </message>
    <message>
        <source>Some of what was entered is not valid.</source>
        <translation>Une partie de ce qui a été saisi n’est pas valide.</translation>
    </message>
    <message>
        <source>A form or program definition is not valid.</source>
        <translation>Une définition de formulaire ou du programme n’est pas valide.</translation>
    </message>
    <message>
        <source>Sync did not complete. Work continues offline.</source>
        <translation>La synchronisation n’a pas abouti. Le travail continue hors ligne.</translation>
    </message>
    <message>
        <source>The office server cannot be reached. Work continues offline.</source>
        <translation>Le serveur du bureau est injoignable. Le travail continue hors ligne.</translation>
    </message>
    <message>
        <source>The office server&apos;s certificate is not the expected one.</source>
        <translation>Le certificat du serveur du bureau n’est pas celui attendu.</translation>
    </message>
    <message>
        <source>The office server no longer accepts this laptop.</source>
        <translation>Le serveur du bureau n’accepte plus cet ordinateur.</translation>
    </message>
    <message>
        <source>Your role does not allow this. Ask a supervisor or the admin.</source>
        <translation>Votre rôle ne le permet pas. Demandez à une superviseure ou à l’administratrice.</translation>
    </message>
    <message>
        <source>This client is not on your caseload, so her record does not open for your role. Ask a supervisor to assign her to you.</source>
        <translation>Cette cliente n’est pas dans votre charge de cas : son dossier ne s’ouvre donc pas pour votre rôle. Demandez à une superviseure de vous l’attribuer.</translation>
    </message>
    <message>
        <source>Something went wrong. Nothing you typed was lost.</source>
        <translation>Un problème est survenu. Rien de ce que vous avez saisi n’a été perdu.</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <source>Edited on two laptops</source>
        <translation>Modifié sur deux ordinateurs</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Value that lost</source>
        <translation>Valeur écartée</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Administratrice</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Membre</translation>
    </message>
    <message>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <source> (this laptop)</source>
        <translation> (cet ordinateur)</translation>
    </message>
    <message>
        <source>created the team</source>
        <translation>a créé l’équipe</translation>
    </message>
    <message>
        <source>Laptop</source>
        <translation>Ordinateur</translation>
    </message>
    <message>
        <source>Added by</source>
        <translation>Ajouté par</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Retiré</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>retiré</translation>
    </message>
    <message>
        <source>Last synced</source>
        <translation>Dernière synchro</translation>
    </message>
    <message>
        <source>Last heard from</source>
        <translation>Dernières nouvelles</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Équipe</translation>
    </message>
    <message>
        <source>Team laptops</source>
        <translation>Ordinateurs de l’équipe</translation>
    </message>
    <message>
        <source>Also tell it to wipe its notes</source>
        <translation>Lui demander aussi d’effacer ses notes</translation>
    </message>
    <message>
        <source>Remove device…</source>
        <translation>Retirer l’appareil…</translation>
    </message>
    <message>
        <source>Name…</source>
        <translation>Nommer…</translation>
    </message>
    <message>
        <source>Removing a laptop gives the team a new key that laptop never gets. Sync first to see the latest list.</source>
        <translation>Retirer un ordinateur donne à l’équipe une nouvelle clé que cet ordinateur ne reçoit jamais. Synchronisez d’abord pour voir la liste la plus récente.</translation>
    </message>
    <message>
        <source>Waiting for %1 to let this laptop in.</source>
        <translation>En attente de %1 pour admettre cet ordinateur.</translation>
    </message>
    <message>
        <source>Team key: number %1</source>
        <translation>Clé de l’équipe : numéro %1</translation>
    </message>
    <message>
        <source>Remove %1 from the team and tell it to wipe its notes? The team gets a new key. This cannot be undone.</source>
        <translation>Retirer %1 de l’équipe et lui demander d’effacer ses notes? L’équipe reçoit une nouvelle clé. Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Remove %1 from the team? The team gets a new key that it never receives. This cannot be undone.</source>
        <translation>Retirer %1 de l’équipe? L’équipe reçoit une nouvelle clé que cet ordinateur ne reçoit jamais. Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Remove device</source>
        <translation>Retirer l’appareil</translation>
    </message>
    <message>
        <source>Removing…</source>
        <translation>Retrait en cours…</translation>
    </message>
    <message>
        <source>Proposed: with two admins or more, another admin must co-sign it on their laptop (exitdoors sync team --cosign %1); it takes effect at this laptop&apos;s next sync after that.</source>
        <translation>Proposé : avec deux admins ou plus, un autre admin doit le cosigner sur son portable (exitdoors sync team --cosign %1); cela prend effet à la synchro suivante de ce portable.</translation>
    </message>
    <message>
        <source>Removed. The team has a new key.</source>
        <translation>Retiré. L’équipe a une nouvelle clé.</translation>
    </message>
    <message>
        <source>Name a laptop</source>
        <translation>Nommer un portable</translation>
    </message>
    <message>
        <source>The name this laptop shows for it:</source>
        <translation>Le nom que ce portable lui donne :</translation>
    </message>
    <message>
        <source>Too short: {n} of {m} characters.</source>
        <translation>Trop courte : {n} caractères sur {m}.</translation>
    </message>
    <message>
        <source>This one is too common. Please choose another.</source>
        <translation>Celle-ci est trop courante. Veuillez en choisir une autre.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Les deux phrases de passe diffèrent.</translation>
    </message>
    <message>
        <source>Strength: weak. Adding a word or two would help.</source>
        <translation>Solidité : faible. Ajouter un mot ou deux aiderait.</translation>
    </message>
    <message>
        <source>Strength: fair. Adding a word would help.</source>
        <translation>Solidité : passable. Ajouter un mot aiderait.</translation>
    </message>
    <message>
        <source>Strength: good.</source>
        <translation>Solidité : bonne.</translation>
    </message>
    <message>
        <source>Strength: strong.</source>
        <translation>Solidité : très bonne.</translation>
    </message>
    <message>
        <source>No backup of this laptop&apos;s notes yet: Settings → Back up now.</source>
        <translation>Aucune sauvegarde des notes de cet ordinateur pour l’instant : Paramètres → Sauvegarder maintenant.</translation>
    </message>
    <message>
        <source>Last backup {n} days ago: Settings → Back up now.</source>
        <translation>Dernière sauvegarde il y a {n} jours : Paramètres → Sauvegarder maintenant.</translation>
    </message>
    <message>
        <source>{n} clients are past the retention period: Settings → Retention.</source>
        <translation>{n} clientes ont dépassé la durée de conservation : Paramètres → Conservation.</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add user</source>
        <translation>Ajouter une utilisatrice</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Phrase de passe</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>Phrase de passe, de nouveau</translation>
    </message>
    <message>
        <source>Give the new user a name.</source>
        <translation>Donnez un nom à la nouvelle utilisatrice.</translation>
    </message>
    <message>
        <source>A user with this name already exists.</source>
        <translation>Une utilisatrice porte déjà ce nom.</translation>
    </message>
</context>
<context>
    <name>CaseloadPage</name>
    <message>
        <source>Search names and aliases…</source>
        <translation>Chercher des noms et des pseudonymes…</translation>
    </message>
    <message>
        <source>Search the caseload</source>
        <translation>Chercher dans la charge de cas</translation>
    </message>
    <message>
        <source>Show phase</source>
        <translation>Afficher la phase</translation>
    </message>
    <message>
        <source>All phases</source>
        <translation>Toutes les phases</translation>
    </message>
    <message>
        <source>Show who needs attention</source>
        <translation>Afficher qui est à surveiller</translation>
    </message>
    <message>
        <source>Any flag or none</source>
        <translation>Avec ou sans signalement</translation>
    </message>
    <message>
        <source>Only &amp;mine</source>
        <translation>Seulement les &amp;miennes</translation>
    </message>
    <message>
        <source>&amp;New client…</source>
        <translation>&amp;Nouvelle cliente…</translation>
    </message>
    <message>
        <source>Caseload</source>
        <translation>Charge de cas</translation>
    </message>
    <message>
        <source>No clients yet. Use “New client…” to add the first.</source>
        <translation>Aucune cliente pour l’instant. Utilisez « Nouvelle cliente… » pour ajouter la première.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>All {total} clients are listed; reading their phases and flags…</source>
        <translation>Les {total} clientes sont toutes listées; lecture de leurs phases et signalements…</translation>
    </message>
    <message>
        <source>The caseload could not be loaded.</source>
        <translation>La charge de cas n’a pas pu être chargée.</translation>
    </message>
    <message>
        <source>No one matches. Clear the search or filters to see everyone.</source>
        <translation>Personne ne correspond. Effacez la recherche ou les filtres pour voir tout le monde.</translation>
    </message>
    <message>
        <source>{shown} of {total} shown</source>
        <translation>{shown} sur {total} affichées</translation>
    </message>
    <message>
        <source>1 client</source>
        <translation>1 cliente</translation>
    </message>
    <message>
        <source>{total} clients</source>
        <translation>{total} clientes</translation>
    </message>
    <message>
        <source>your active CTI caseload: {n} (limit {limit})</source>
        <translation>votre charge de cas ITC active : {n} (limite {limit})</translation>
    </message>
    <message>
        <source>New client added.</source>
        <translation>Nouvelle cliente ajoutée.</translation>
    </message>
</context>
<context>
    <name>ClientRecordWidget</name>
    <message>
        <source>The client was erased.</source>
        <translation>La cliente a été effacée.</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Review conflicts</source>
        <translation>Examiner les conflits</translation>
    </message>
    <message>
        <source>Consent and phase conflicts are listed first. For consent the more restrictive choice stays in force until you decide.</source>
        <translation>Les conflits de consentement et de phase sont listés en premier. Pour le consentement, le choix le plus restrictif reste en vigueur jusqu’à votre décision.</translation>
    </message>
    <message>
        <source>Keep current value</source>
        <translation>Garder la valeur actuelle</translation>
    </message>
    <message>
        <source>Use the value that lost</source>
        <translation>Utiliser la valeur écartée</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>All set</source>
        <translation>Tout est prêt</translation>
    </message>
    <message>
        <source>Your notes are ready.</source>
        <translation>Vos notes sont prêtes.</translation>
    </message>
    <message>
        <source>Good to know:

•  Quick exit: press {key} (or Shift+Esc), or the red button at the top right. The window disappears, the notes lock and the clipboard is emptied at once.

•  The app locks itself after a few minutes without use (you can change this in Settings).

•  Window titles stay neutral; client names never appear in them.</source>
        <translation>Bon à savoir :

•  Sortie rapide : appuyez sur {key} (ou Maj+Échap), ou sur le bouton rouge en haut à droite. La fenêtre disparaît, les notes se verrouillent et le presse-papiers est vidé aussitôt.

•  L’application se verrouille d’elle-même après quelques minutes sans utilisation (modifiable dans les Paramètres).

•  Les titres de fenêtre restent neutres ; le nom des clientes n’y apparaît jamais.</translation>
    </message>
</context>
<context>
    <name>DurabilityBox</name>
    <message>
        <source>Backup</source>
        <translation>Sauvegarde</translation>
    </message>
    <message>
        <source>Back up now…</source>
        <translation>Sauvegarder maintenant…</translation>
    </message>
    <message>
        <source>Only an admin can make backups.</source>
        <translation>Seule une administratrice peut faire des sauvegardes.</translation>
    </message>
    <message>
        <source>Last backup</source>
        <translation>Dernière sauvegarde</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Conservation</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Utilisatrices</translation>
    </message>
    <message>
        <source>Remove user…</source>
        <translation>Retirer une utilisatrice…</translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation>Ajouter une utilisatrice…</translation>
    </message>
    <message>
        <source>Removing a user gives the notes a new key: the window locks while it happens, and everyone else keeps their passphrase.</source>
        <translation>Retirer une utilisatrice donne une nouvelle clé aux notes : la fenêtre se verrouille pendant l’opération, et toutes les autres gardent leur phrase de passe.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <source>%1 clients closed more than %2 days ago are due for erasure.</source>
        <translation>%1 clientes dont le dossier est fermé depuis plus de %2 jours sont à effacer.</translation>
    </message>
    <message>
        <source>Erase %1 clients…</source>
        <translation>Effacer %1 clientes…</translation>
    </message>
    <message>
        <source>Back up to</source>
        <translation>Sauvegarder vers</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>Sauvegarde en cours…</translation>
    </message>
    <message>
        <source>Backup written. Keep it somewhere safe.</source>
        <translation>Sauvegarde écrite. Gardez-la en lieu sûr.</translation>
    </message>
    <message>
        <source>Backup written.</source>
        <translation>Sauvegarde écrite.</translation>
    </message>
    <message>
        <source>Erase for good</source>
        <translation>Effacer définitivement</translation>
    </message>
    <message>
        <source>This erases %1 clients and their whole history for good. Type %1 to confirm.</source>
        <translation>Ceci efface définitivement %1 clientes et tout leur historique. Tapez %1 pour confirmer.</translation>
    </message>
    <message>
        <source>%1 clients erased.</source>
        <translation>%1 clientes effacées.</translation>
    </message>
    <message>
        <source>Adding %1…</source>
        <translation>Ajout de %1…</translation>
    </message>
    <message>
        <source>%1 can now unlock with her own passphrase.</source>
        <translation>%1 peut maintenant déverrouiller avec sa propre phrase de passe.</translation>
    </message>
    <message>
        <source>User added.</source>
        <translation>Utilisatrice ajoutée.</translation>
    </message>
    <message>
        <source>You cannot remove yourself.</source>
        <translation>Vous ne pouvez pas vous retirer vous-même.</translation>
    </message>
    <message>
        <source>Remove user</source>
        <translation>Retirer l’utilisatrice</translation>
    </message>
    <message>
        <source>Remove %1? Type your passphrase to confirm.</source>
        <translation>Retirer %1? Tapez votre phrase de passe pour confirmer.</translation>
    </message>
</context>
<context>
    <name>EraseDialog</name>
    <message>
        <source>Erase for good</source>
        <translation>Effacer définitivement</translation>
    </message>
    <message>
        <source>This erases her record and its whole history from this laptop for good; backups made before keep it. Type ERASE to confirm.</source>
        <translation>Ceci efface définitivement son dossier et tout son historique de cet ordinateur ; les sauvegardes faites avant le gardent. Tapez EFFACER pour confirmer.</translation>
    </message>
    <message>
        <source>Type ERASE to confirm, or Cancel.</source>
        <translation>Tapez EFFACER pour confirmer, ou Annuler.</translation>
    </message>
</context>
<context>
    <name>FieldBlock</name>
    <message>
        <source>Sensitive</source>
        <translation>Sensible</translation>
    </message>
    <message>
        <source>Sensitive: this answer can be kept in the lockbox</source>
        <translation>Sensible : cette réponse peut être gardée dans le coffret</translation>
    </message>
    <message>
        <source> (required)</source>
        <translation> (obligatoire)</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <source>Create my notes</source>
        <translation>Créer mes notes</translation>
    </message>
    <message>
        <source>Invite opened: this laptop will join the team at %1 after set-up.</source>
        <translation>Invitation ouverte : cet ordinateur rejoindra l’équipe à %1 après la configuration.</translation>
    </message>
    <message>
        <source>Joining your team…</source>
        <translation>Connexion à votre équipe…</translation>
    </message>
    <message>
        <source>This laptop has joined your team.</source>
        <translation>Cet ordinateur a rejoint votre équipe.</translation>
    </message>
    <message>
        <source>Joining the team did not work: %1 Your notes are fine; ask your supervisor for a new invite.</source>
        <translation>La connexion à l’équipe n’a pas fonctionné : %1 Vos notes sont intactes ; demandez une nouvelle invitation à votre superviseure.</translation>
    </message>
    <message>
        <source>Creating your encrypted notes…</source>
        <translation>Création de vos notes chiffrées…</translation>
    </message>
</context>
<context>
    <name>GroupEditor</name>
    <message>
        <source>No entries yet.</source>
        <translation>Aucune entrée pour l’instant.</translation>
    </message>
    <message>
        <source>Add entry</source>
        <translation>Ajouter une entrée</translation>
    </message>
    <message>
        <source>Add entry to {label}</source>
        <translation>Ajouter une entrée à {label}</translation>
    </message>
</context>
<context>
    <name>GroupRow</name>
    <message>
        <source>Remove entry</source>
        <translation>Retirer l’entrée</translation>
    </message>
    <message>
        <source>Entry {n}</source>
        <translation>Entrée {n}</translation>
    </message>
    <message>
        <source>Remove entry {n}</source>
        <translation>Retirer l’entrée {n}</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <source>Join a team</source>
        <translation>Rejoindre une équipe</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Invite file</source>
        <translation>Fichier d’invitation</translation>
    </message>
    <message>
        <source>One-time passphrase</source>
        <translation>Phrase de passe à usage unique</translation>
    </message>
    <message>
        <source>Opening the invite…</source>
        <translation>Ouverture de l’invitation…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Damaged</source>
        <translation>Endommagé</translation>
    </message>
    <message>
        <source>Sync finished.</source>
        <translation>Synchronisation terminée.</translation>
    </message>
    <message>
        <source>User removed</source>
        <translation>Utilisatrice retirée</translation>
    </message>
    <message>
        <source>The user was removed and the notes have a new key. Unlock again.</source>
        <translation>L’utilisatrice a été retirée et les notes ont une nouvelle clé. Déverrouillez de nouveau.</translation>
    </message>
    <message>
        <source>User not removed</source>
        <translation>Utilisatrice non retirée</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Retiré</translation>
    </message>
    <message>
        <source>The office revoked this laptop. Its notes have been erased from it.</source>
        <translation>Le bureau a révoqué cet ordinateur. Ses notes y ont été effacées.</translation>
    </message>
</context>
<context>
    <name>NewClientDialog</name>
    <message>
        <source>New client</source>
        <translation>Nouvelle cliente</translation>
    </message>
    <message>
        <source>The name she wants used; an alias is fine</source>
        <translation>Le nom qu’elle veut qu’on utilise ; un pseudonyme convient</translation>
    </message>
    <message>
        <source>e.g. she/her</source>
        <translation>p. ex. elle</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>non indiquée</translation>
    </message>
    <message>
        <source>e.g. English; Spanish</source>
        <translation>p. ex. français; espagnol</translation>
    </message>
    <message>
        <source>Only the name is needed now. Intake forms come next.</source>
        <translation>Seul le nom est requis pour l’instant. Les formulaires d’accueil viennent ensuite.</translation>
    </message>
    <message>
        <source>&amp;Name *</source>
        <translation>&amp;Nom *</translation>
    </message>
    <message>
        <source>&amp;Pronouns</source>
        <translation>&amp;Pronoms</translation>
    </message>
    <message>
        <source>Date of &amp;birth</source>
        <translation>&amp;Date de naissance</translation>
    </message>
    <message>
        <source>Or a&amp;ge</source>
        <translation>Ou â&amp;ge</translation>
    </message>
    <message>
        <source>&amp;Languages</source>
        <translation>&amp;Langues</translation>
    </message>
</context>
<context>
    <name>PassphrasePage</name>
    <message>
        <source>Your name and passphrase</source>
        <translation>Votre nom et votre phrase de passe</translation>
    </message>
    <message>
        <source>You will type this passphrase each time you open the app.</source>
        <translation>Vous taperez cette phrase de passe chaque fois que vous ouvrirez l’application.</translation>
    </message>
    <message>
        <source>At least 12 characters. A few unrelated words make a passphrase that is easy to remember and hard to guess, e.g. “kettle orbit lemon sparrow”.</source>
        <translation>Au moins 12 caractères. Quelques mots sans lien entre eux font une phrase de passe facile à retenir et difficile à deviner, p. ex. « bouilloire orbite citron moineau ».</translation>
    </message>
    <message>
        <source>Your name (as colleagues know you)</source>
        <translation>Votre nom (tel que vos collègues vous connaissent)</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Phrase de passe</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>Phrase de passe, de nouveau</translation>
    </message>
</context>
<context>
    <name>RadarChart</name>
    <message>
        <source>Progress scale chart</source>
        <translation>Graphique de l’échelle de progrès</translation>
    </message>
    <message>
        <source>Chart: {title}</source>
        <translation>Graphique : {title}</translation>
    </message>
    <message>
        <source>No scale to show.</source>
        <translation>Aucune échelle à afficher.</translation>
    </message>
    <message>
        <source>{title}: no readings yet.</source>
        <translation>{title} : aucune mesure pour l’instant.</translation>
    </message>
    <message>
        <source>{title}, {lo} to {hi}.</source>
        <translation>{title}, de {lo} à {hi}.</translation>
    </message>
    <message>
        <source>not rated</source>
        <translation>non évalué</translation>
    </message>
    <message>
        <source>No readings yet</source>
        <translation>Aucune mesure pour l’instant</translation>
    </message>
    <message>
        <source>{date} (first)</source>
        <translation>{date} (première)</translation>
    </message>
    <message>
        <source>{date} (latest)</source>
        <translation>{date} (plus récente)</translation>
    </message>
</context>
<context>
    <name>RadarFiguresTableModel</name>
    <message>
        <source>Area</source>
        <translation>Domaine</translation>
    </message>
    <message>
        <source>First reading</source>
        <translation>Première mesure</translation>
    </message>
    <message>
        <source>First reading, {date}</source>
        <translation>Première mesure, {date}</translation>
    </message>
    <message>
        <source>Latest reading</source>
        <translation>Mesure la plus récente</translation>
    </message>
    <message>
        <source>Latest reading, {date}</source>
        <translation>Mesure la plus récente, {date}</translation>
    </message>
    <message>
        <source>not rated</source>
        <translation>non évalué</translation>
    </message>
</context>
<context>
    <name>ReadingsTableModel</name>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>not rated</source>
        <translation>non évalué</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Set a new passphrase</source>
        <translation>Choisir une nouvelle phrase de passe</translation>
    </message>
    <message>
        <source>Type the recovery key you wrote down when these notes were set up, then choose a new passphrase.</source>
        <translation>Tapez la clé de récupération notée lors de la configuration de ces notes, puis choisissez une nouvelle phrase de passe.</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisatrice</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Clé de récupération</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Nouvelle phrase de passe</translation>
    </message>
    <message>
        <source>New, again</source>
        <translation>Nouvelle, de nouveau</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Les deux phrases de passe diffèrent.</translation>
    </message>
    <message>
        <source>Please choose a longer or less common passphrase (12 characters or more).</source>
        <translation>Veuillez choisir une phrase de passe plus longue ou moins courante (12 caractères ou plus).</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>En cours…</translation>
    </message>
    <message>
        <source>That recovery key does not open these notes.</source>
        <translation>Cette clé de récupération n’ouvre pas ces notes.</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <source>Your recovery key</source>
        <translation>Votre clé de récupération</translation>
    </message>
    <message>
        <source>Shown only this once. Write it on paper now.</source>
        <translation>Affichée cette seule fois. Notez-la sur papier maintenant.</translation>
    </message>
    <message>
        <source>If you ever forget your passphrase, this key lets you set a new one. Keep the paper somewhere safe and away from the laptop. Without the passphrase and without this key, nobody can open these notes — not even the office.</source>
        <translation>Si vous oubliez votre phrase de passe, cette clé permet d’en choisir une nouvelle. Gardez le papier en lieu sûr, loin de l’ordinateur. Sans la phrase de passe et sans cette clé, personne ne peut ouvrir ces notes — pas même le bureau.</translation>
    </message>
    <message>
        <source>To confirm, type its last group:</source>
        <translation>Pour confirmer, tapez son dernier groupe :</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from a backup</source>
        <translation>Restaurer à partir d’une sauvegarde</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Use the recovery key instead</source>
        <translation>Utiliser plutôt la clé de récupération</translation>
    </message>
    <message>
        <source>Backup file</source>
        <translation>Fichier de sauvegarde</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Votre nom</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Phrase de passe</translation>
    </message>
    <message>
        <source>Checking and restoring the backup…</source>
        <translation>Vérification et restauration de la sauvegarde…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> minutes</translation>
    </message>
    <message>
        <source>This laptop</source>
        <translation>Cet ordinateur</translation>
    </message>
    <message>
        <source>Lock when idle for</source>
        <translation>Verrouiller après une inactivité de</translation>
    </message>
    <message>
        <source>Window title</source>
        <translation>Titre de la fenêtre</translation>
    </message>
    <message>
        <source>Keep it neutral: anyone near the screen or the taskbar can read it.</source>
        <translation>Restez neutre : toute personne près de l’écran ou de la barre des tâches peut le lire.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Normal (100%)</source>
        <translation>Normale (100 %)</translation>
    </message>
    <message>
        <source>Larger (125%)</source>
        <translation>Plus grande (125 %)</translation>
    </message>
    <message>
        <source>Largest (150%)</source>
        <translation>La plus grande (150 %)</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>Taille du texte</translation>
    </message>
    <message>
        <source>A new language or text size shows from the next unlock.</source>
        <translation>Une nouvelle langue ou taille du texte s’applique au prochain déverrouillage.</translation>
    </message>
    <message>
        <source>Change passphrase</source>
        <translation>Changer la phrase de passe</translation>
    </message>
    <message>
        <source>Your passphrase</source>
        <translation>Votre phrase de passe</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Actuelle</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nouvelle</translation>
    </message>
    <message>
        <source>New, again</source>
        <translation>Nouvelle, de nouveau</translation>
    </message>
    <message>
        <source>The two new passphrases differ.</source>
        <translation>Les deux nouvelles phrases de passe diffèrent.</translation>
    </message>
    <message>
        <source>Please choose a longer or less common passphrase (12 characters or more).</source>
        <translation>Veuillez choisir une phrase de passe plus longue ou moins courante (12 caractères ou plus).</translation>
    </message>
    <message>
        <source>Changing…</source>
        <translation>Changement en cours…</translation>
    </message>
    <message>
        <source>Passphrase changed. Use the new one from now on.</source>
        <translation>Phrase de passe changée. Utilisez la nouvelle à partir de maintenant.</translation>
    </message>
    <message>
        <source>The current passphrase is not right. Nothing was changed; type it again.</source>
        <translation>La phrase de passe actuelle n’est pas exacte. Rien n’a été changé ; tapez-la de nouveau.</translation>
    </message>
</context>
<context>
    <name>ShellToolbar</name>
    <message>
        <source>Quick exit  (F12)</source>
        <translation>Sortie rapide  (F12)</translation>
    </message>
    <message>
        <source>Hides the window, locks the notes and empties the clipboard at once. F12 or Shift+Esc does the same.</source>
        <translation>Cache la fenêtre, verrouille les notes et vide le presse-papiers aussitôt. F12 ou Maj+Échap font de même.</translation>
    </message>
    <message>
        <source>L&amp;ock</source>
        <translation>&amp;Verrouiller</translation>
    </message>
    <message>
        <source>Lock the notes (Ctrl+L)</source>
        <translation>Verrouiller les notes (Ctrl+L)</translation>
    </message>
    <message>
        <source>S&amp;ettings</source>
        <translation>Paramè&amp;tres</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Sync: not set up</source>
        <translation>Synchronisation : non configurée</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Synchroniser</translation>
    </message>
    <message>
        <source>Review conflicts</source>
        <translation>Examiner les conflits</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Synchronisation…</translation>
    </message>
    <message>
        <source>Offline: the office server cannot be reached</source>
        <translation>Hors ligne : le serveur du bureau est injoignable</translation>
    </message>
    <message>
        <source>Stopped: the server&apos;s certificate is not the pinned one</source>
        <translation>Arrêtée : le certificat du serveur n’est pas celui épinglé</translation>
    </message>
    <message>
        <source>Stopped: the server no longer accepts this laptop</source>
        <translation>Arrêtée : le serveur n’accepte plus cet ordinateur</translation>
    </message>
    <message>
        <source>Stopped: this laptop was revoked by the office</source>
        <translation>Arrêtée : cet ordinateur a été révoqué par le bureau</translation>
    </message>
    <message>
        <source>Stopped: the server&apos;s list of team laptops does not verify</source>
        <translation>Arrêtée : la liste des ordinateurs de l’équipe fournie par le serveur ne se vérifie pas</translation>
    </message>
    <message>
        <source>Removed from the team by an admin: this laptop sends nothing</source>
        <translation>Retiré de l’équipe par une administratrice : cet ordinateur n’envoie plus rien</translation>
    </message>
    <message>
        <source>Sync failed; it will try again</source>
        <translation>La synchronisation a échoué ; nouvel essai plus tard</translation>
    </message>
    <message>
        <source>Sync: not set up (records stay on this laptop)</source>
        <translation>Synchronisation : non configurée (les dossiers restent sur cet ordinateur)</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>Dernière synchronisation : %1</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <source>Waiting for %1 to let this laptop in</source>
        <translation>En attente de %1 pour admettre cet ordinateur</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n en attente</numerusform>
            <numerusform>%n en attente</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n held back for consent</source>
        <translation>
            <numerusform>%n retenu faute de consentement</numerusform>
            <numerusform>%n retenus faute de consentement</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n to review</source>
        <translation>
            <numerusform>%n à examiner</numerusform>
            <numerusform>%n à examiner</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unreadable messages set aside</source>
        <translation>
            <numerusform>%n message illisible mis de côté</numerusform>
            <numerusform>%n messages illisibles mis de côté</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the office refuses %n client(s)</source>
        <translation>
            <numerusform>le bureau refuse %n cliente</numerusform>
            <numerusform>le bureau refuse %n clientes</numerusform>
        </translation>
    </message>
    <message>
        <source>the office server may be holding back team changes: %1 signed that it holds more, not received here since %2</source>
        <translation>le serveur du bureau retient peut-être des changements d’équipe : %1 a signé qu’il en détient davantage, non reçus ici depuis le %2</translation>
    </message>
    <message>
        <source>the office server may be holding back team changes</source>
        <translation>le serveur du bureau retient peut-être des changements d’équipe</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) from %1 held: over quota</source>
        <translation>
            <numerusform>%n message de %1 retenu : quota dépassé</numerusform>
            <numerusform>%n messages de %1 retenus : quota dépassé</numerusform>
        </translation>
    </message>
    <message>
        <source>the office takes no more from this laptop today</source>
        <translation>le bureau n’accepte plus rien de cet ordinateur aujourd’hui</translation>
    </message>
    <message numerus="yes">
        <source>%n withdrawal(s) not yet confirmed by the team</source>
        <translation>
            <numerusform>%n retrait pas encore confirmé par l’équipe</numerusform>
            <numerusform>%n retraits pas encore confirmés par l’équipe</numerusform>
        </translation>
    </message>
    <message>
        <source>no word from a team admin since %1</source>
        <translation>aucune nouvelle d’un administrateur de l’équipe depuis le %1</translation>
    </message>
    <message>
        <source>the team log forked: membership changes are stopped</source>
        <translation>le journal de l’équipe a divergé : les changements de membres sont arrêtés</translation>
    </message>
    <message numerus="yes">
        <source>%n withdrawal(s) to record again on another laptop</source>
        <translation>
            <numerusform>%n retrait à consigner de nouveau sur un autre portable</numerusform>
            <numerusform>%n retraits à consigner de nouveau sur un autre portable</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <source>Unlock</source>
        <translation>Déverrouiller</translation>
    </message>
    <message>
        <source>Forgot your passphrase? Use the recovery key</source>
        <translation>Phrase de passe oubliée? Utilisez la clé de récupération</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Verrouillé</translation>
    </message>
    <message>
        <source>Enter your passphrase to open your notes.</source>
        <translation>Entrez votre phrase de passe pour ouvrir vos notes.</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisatrice</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Phrase de passe</translation>
    </message>
    <message>
        <source>Please type your passphrase.</source>
        <translation>Veuillez taper votre phrase de passe.</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Déverrouillage…</translation>
    </message>
    <message>
        <source>Too many attempts. You can try again in {time}.</source>
        <translation>Trop de tentatives. Vous pourrez réessayer dans {time}.</translation>
    </message>
    <message>
        <source>You can try again now.</source>
        <translation>Vous pouvez réessayer maintenant.</translation>
    </message>
    <message>
        <source>Your new passphrase is set. Unlock with it now.</source>
        <translation>Votre nouvelle phrase de passe est en place. Déverrouillez avec elle maintenant.</translation>
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <source>Not enrolled</source>
        <translation>Pas inscrite</translation>
    </message>
    <message>
        <source>Pre-phase</source>
        <translation>Pré-phase</translation>
    </message>
    <message>
        <source>Phase 1</source>
        <translation>Phase 1</translation>
    </message>
    <message>
        <source>Phase 2</source>
        <translation>Phase 2</translation>
    </message>
    <message>
        <source>Phase 3</source>
        <translation>Phase 3</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pause</translation>
    </message>
    <message>
        <source>Graduated</source>
        <translation>Parcours terminé</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Fermé</translation>
    </message>
    <message>
        <source>Under 18</source>
        <translation>Moins de 18 ans</translation>
    </message>
    <message>
        <source>Consent missing</source>
        <translation>Consentement manquant</translation>
    </message>
    <message>
        <source>Phase overdue</source>
        <translation>Phase dépassée</translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation>Suivi à faire</translation>
    </message>
    <message>
        <source>No recent contact</source>
        <translation>Pas de contact récent</translation>
    </message>
    <message>
        <source>Contact due</source>
        <translation>Contact à faire</translation>
    </message>
    <message>
        <source>Fewer than 2 contacts in month 1</source>
        <translation>Moins de 2 contacts le premier mois</translation>
    </message>
    <message>
        <source>Phase 1: under 3 community meetings</source>
        <translation>Phase 1 : moins de 3 rencontres dans la communauté</translation>
    </message>
    <message>
        <source>Phase 1: under 2 meetings with supports</source>
        <translation>Phase 1 : moins de 2 rencontres avec ses soutiens</translation>
    </message>
    <message>
        <source>Over the CTI target time</source>
        <translation>Au-delà du délai visé par l’ITC</translation>
    </message>
    <message>
        <source>She is under 18: rules for minors apply.</source>
        <translation>Elle a moins de 18 ans : les règles concernant les mineures s’appliquent.</translation>
    </message>
    <message>
        <source>No current consent to keep her record.</source>
        <translation>Aucun consentement en vigueur pour garder son dossier.</translation>
    </message>
    <message>
        <source>Longer in this phase than its target.</source>
        <translation>Plus longtemps dans cette phase que sa cible.</translation>
    </message>
    <message>
        <source>The follow-up after graduation is due.</source>
        <translation>Le suivi après la fin du parcours est à faire.</translation>
    </message>
    <message>
        <source>No contact for a long time.</source>
        <translation>Aucun contact depuis longtemps.</translation>
    </message>
    <message>
        <source>The next expected contact is overdue.</source>
        <translation>Le prochain contact prévu est en retard.</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>Inscrire</translation>
    </message>
    <message>
        <source>Advance</source>
        <translation>Passer à la phase suivante</translation>
    </message>
    <message>
        <source>Move back</source>
        <translation>Revenir à la phase précédente</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Mettre en pause</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>Graduate</source>
        <translation>Terminer le parcours</translation>
    </message>
    <message>
        <source>Close the file</source>
        <translation>Fermer le dossier</translation>
    </message>
    <message>
        <source>Re-enrol</source>
        <translation>Réinscrire</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>Inscrite</translation>
    </message>
    <message>
        <source>Re-enrolled</source>
        <translation>Réinscrite</translation>
    </message>
    <message>
        <source>Goals met</source>
        <translation>Objectifs atteints</translation>
    </message>
    <message>
        <source>Time elapsed</source>
        <translation>Délai écoulé</translation>
    </message>
    <message>
        <source>Her request</source>
        <translation>À sa demande</translation>
    </message>
    <message>
        <source>Returned to the trade</source>
        <translation>Retour dans le commerce du sexe</translation>
    </message>
    <message>
        <source>Crisis</source>
        <translation>Crise</translation>
    </message>
    <message>
        <source>In custody</source>
        <translation>Détention</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <source>Reconnected</source>
        <translation>Reprise de contact</translation>
    </message>
    <message>
        <source>Withdrew</source>
        <translation>S’est retirée</translation>
    </message>
    <message>
        <source>Lost contact</source>
        <translation>Contact perdu</translation>
    </message>
    <message>
        <source>Moved away</source>
        <translation>A déménagé</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Transférée</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
    <message>
        <source>Store on this device</source>
        <translation>Conserver sur cet appareil</translation>
    </message>
    <message>
        <source>Share with the program team</source>
        <translation>Partager avec l’équipe du programme</translation>
    </message>
    <message>
        <source>Share with a partner (referral)</source>
        <translation>Partager avec un partenaire (orientation)</translation>
    </message>
    <message>
        <source>De-identified evaluation</source>
        <translation>Évaluation dépersonnalisée</translation>
    </message>
    <message>
        <source>Verbal</source>
        <translation>Verbal</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Écrit</translation>
    </message>
    <message>
        <source>Electronic</source>
        <translation>Électronique</translation>
    </message>
    <message>
        <source>By parent or guardian</source>
        <translation>Par un parent ou tuteur</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>Donné</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Retiré</translation>
    </message>
    <message>
        <source>Outreach worker</source>
        <translation>Intervenante de proximité</translation>
    </message>
    <message>
        <source>Intake worker</source>
        <translation>Intervenante à l’accueil</translation>
    </message>
    <message>
        <source>Case manager</source>
        <translation>Gestionnaire de cas</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Superviseure</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administratrice</translation>
    </message>
    <message>
        <source>Referral closed</source>
        <translation>Orientation fermée</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome</source>
        <translation>Bienvenue</translation>
    </message>
    <message>
        <source>Set up this laptop in two short steps.</source>
        <translation>Configurez cet ordinateur en deux courtes étapes.</translation>
    </message>
    <message>
        <source>This app keeps your case notes on this laptop, encrypted. Nobody can read them without your passphrase — not someone who finds the laptop, and not the office server if your team syncs.

Next you choose your name and a passphrase; then the app shows a recovery key to write on paper.</source>
        <translation>Cette application garde vos notes de dossier sur cet ordinateur, chiffrées. Personne ne peut les lire sans votre phrase de passe — ni quelqu’un qui trouverait l’ordinateur, ni le serveur du bureau si votre équipe synchronise.

Vous choisirez ensuite votre nom et une phrase de passe ; puis l’application affichera une clé de récupération à noter sur papier.</translation>
    </message>
    <message>
        <source>Join a team with an invite file…</source>
        <translation>Rejoindre une équipe avec un fichier d’invitation…</translation>
    </message>
    <message>
        <source>If your supervisor gave you an invite file and its one-time passphrase, choose it here: this laptop joins the team right after your notes are created.</source>
        <translation>Si votre superviseure vous a remis un fichier d’invitation et sa phrase de passe à usage unique, choisissez-le ici : cet ordinateur rejoint l’équipe dès que vos notes sont créées.</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>Restaurer à partir d’une sauvegarde…</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Pages</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>Caseload</source>
        <translation>Charge de cas</translation>
    </message>
    <message>
        <source>Outreach</source>
        <translation>Proximité</translation>
    </message>
    <message>
        <source>Partners</source>
        <translation>Partenaires</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Rapports</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Groupes</translation>
    </message>
</context>
<context>
    <name>YesNoEditor</name>
    <message>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Non</translation>
    </message>
</context>
</TS>
